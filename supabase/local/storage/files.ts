import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { copyFile, link, mkdir, open, rename, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const VERSION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A file being received: bytes go to a temp file, counted and hashed on the way. */
export interface TempFile {
  write(chunk: Buffer): Promise<void>;
  /** Flushes to disk and closes; the file is ready to be committed. */
  finish(): Promise<{ size: number; md5: string }>;
  discard(): Promise<void>;
  readonly path: string;
  readonly size: number;
}

/**
 * Object bytes on disk: `<root>/<bucket dir>/<version>`, where the version is a UUID we
 * generate for every write and keep in `storage.objects.version`. Object names never reach
 * the filesystem; bucket ids are percent-encoded (dots included) into one safe directory name.
 * A write lands in `<root>/.tmp`, is fsynced, renamed into place and the directory fsynced
 * before its row is committed, so an acknowledged upload survives a crash.
 */
export class FileStore {
  constructor(private readonly root: string) {}

  newVersion(): string {
    return randomUUID();
  }

  private bucketDir(bucket: string): string {
    return join(this.root, encodeURIComponent(bucket).replace(/\./g, '%2E'));
  }

  private objectPath(bucket: string, version: string): string {
    if (!VERSION.test(version)) throw new Error(`not a storage version: ${version}`);
    return join(this.bucketDir(bucket), version);
  }

  async createTemp(): Promise<TempFile> {
    const dir = join(this.root, '.tmp');
    await mkdir(dir, { recursive: true });
    const path = join(dir, randomUUID());
    const handle = await open(path, 'wx');
    const hash = createHash('md5');
    let size = 0;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    return {
      path,
      get size() {
        return size;
      },
      async write(chunk) {
        hash.update(chunk);
        size += chunk.length;
        await handle.write(chunk);
      },
      async finish() {
        await handle.sync();
        await close();
        return { size, md5: hash.digest('hex') };
      },
      async discard() {
        await close().catch(() => undefined);
        await unlink(path).catch(() => undefined);
      },
    };
  }

  /** Moves a finished temp file into place under its version, durably. */
  async commit(temp: TempFile, bucket: string, version: string): Promise<void> {
    const dir = this.bucketDir(bucket);
    await mkdir(dir, { recursive: true });
    await rename(temp.path, this.objectPath(bucket, version));
    await syncDir(dir);
  }

  /** Copies stored bytes under a new version (possibly in another bucket). */
  async copy(from: { bucket: string; version: string }, to: { bucket: string; version: string }): Promise<void> {
    const temp = join(this.root, '.tmp', randomUUID());
    await mkdir(join(this.root, '.tmp'), { recursive: true });
    await copyFile(this.objectPath(from.bucket, from.version), temp);
    const handle = await open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    const dir = this.bucketDir(to.bucket);
    await mkdir(dir, { recursive: true });
    await rename(temp, this.objectPath(to.bucket, to.version));
    await syncDir(dir);
  }

  /** Makes the same bytes reachable from another bucket (a move across buckets). */
  async link(version: string, fromBucket: string, toBucket: string): Promise<void> {
    const dir = this.bucketDir(toBucket);
    await mkdir(dir, { recursive: true });
    await link(this.objectPath(fromBucket, version), this.objectPath(toBucket, version));
    await syncDir(dir);
  }

  async remove(bucket: string, version: string | null): Promise<void> {
    if (!version || !VERSION.test(version)) return;
    await unlink(this.objectPath(bucket, version)).catch(() => undefined);
  }

  /** Removes the bucket's directory once it holds nothing. */
  async removeBucket(bucket: string): Promise<void> {
    await rmdir(this.bucketDir(bucket)).catch(() => undefined);
  }

  /** Opens stored bytes, or undefined when they are gone (deleted meanwhile). */
  async open(bucket: string, version: string | null): Promise<{ stream: ReadStream; size: number } | undefined> {
    if (!version || !VERSION.test(version)) return undefined;
    let handle: FileHandle;
    try {
      handle = await open(this.objectPath(bucket, version), 'r');
    } catch {
      return undefined;
    }
    const { size } = await handle.stat();
    return { stream: handle.createReadStream(), size };
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  await handle.sync().finally(() => handle.close());
}
