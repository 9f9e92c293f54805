import type { SearchV2Options } from '@supabase/storage-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceClient } from '../support/clients.ts';
import { signedInUser, type SignedInUser } from '../support/users.ts';

// storage-js `listV2()` (POST /object/list-v2/:bucket) against the local stack, as Supabase
// Storage answers it. The bucket `stack-test-private` lets each user list only their own folder
// (fixtures/storage-policies.sql).

const PRIVATE = 'stack-test-private';

describe('storage: listV2', () => {
  let alice: SignedInUser;
  let bob: SignedInUser;
  let root: string;
  /** Upload order, which is also creation order. */
  const created = ['m.txt', 'b.txt', 'docs/z.txt', 'a.txt', 'docs/y/deep.txt', 'pics/p.png', 'a_.txt', 'ab.txt'];

  beforeAll(async () => {
    [alice, bob] = await Promise.all([signedInUser('lv2-alice'), signedInUser('lv2-bob')]);
    root = `${alice.id}/lv2/`;
    const bucket = alice.client.storage.from(PRIVATE);
    for (const name of created) expect((await bucket.upload(root + name, name)).error).toBeNull();
    // Replacing b.txt makes it the most recently updated object.
    expect((await bucket.update(`${root}b.txt`, 'again')).error).toBeNull();
  });

  /** Every entry name, page after page of `limit`, following `nextCursor`. */
  async function allPages(options: SearchV2Options, limit = 2) {
    const seen = { objects: [] as string[], folders: [] as string[], pages: 0 };
    let cursor: string | undefined;
    do {
      const { data, error } = await alice.client.storage.from(PRIVATE).listV2({ ...options, limit, cursor });
      expect(error).toBeNull();
      seen.pages += 1;
      seen.objects.push(...data!.objects.map((o) => o.name.slice(root.length)));
      seen.folders.push(...data!.folders.map((f) => f.name.slice(root.length)));
      expect(data!.objects.length + data!.folders.length).toBeLessThanOrEqual(limit);
      cursor = data!.hasNext ? data!.nextCursor : undefined;
      if (data!.hasNext) expect(cursor).toEqual(expect.any(String));
      else expect(data).not.toHaveProperty('nextCursor');
    } while (cursor);
    return seen;
  }

  const byName = [...created].sort((a, b) => (a < b ? -1 : 1));

  it('lists every object under a prefix, flat, by name, page after page', async () => {
    const asc = await allPages({ prefix: root });
    expect(asc.objects).toEqual(byName);
    expect(asc.folders).toEqual([]);
    expect(asc.pages).toBe(4);
    const desc = await allPages({ prefix: root, sortBy: { column: 'name', order: 'desc' } });
    expect(desc.objects).toEqual([...byName].reverse());
  });

  it('sorts by creation and by update date, the cursor keeping the order', async () => {
    const byCreation = await allPages({ prefix: root, sortBy: { column: 'created_at', order: 'asc' } });
    expect(byCreation.objects).toEqual(created);
    const newest = await allPages({ prefix: root, sortBy: { column: 'updated_at', order: 'desc' } }, 3);
    expect(newest.objects[0]).toBe('b.txt');
    expect(newest.objects.slice(1)).toEqual(created.filter((n) => n !== 'b.txt').reverse());
  });

  it('groups sub-folders with the delimiter, and takes the prefix literally', async () => {
    const { data, error } = await alice.client.storage.from(PRIVATE).listV2({ prefix: root, with_delimiter: true });
    expect(error).toBeNull();
    expect(data).toMatchObject({ hasNext: false });
    expect(data!.folders).toEqual([
      { key: 'docs', name: `${root}docs/` },
      { key: 'pics', name: `${root}pics/` },
    ]);
    expect(data!.objects.map((o) => [o.key, o.id !== null])).toEqual(
      byName.filter((n) => !n.includes('/')).map((n) => [n, true]),
    );
    expect(data!.objects[0]?.metadata).toMatchObject({ size: expect.any(Number), mimetype: expect.any(String) });
    const paged = await allPages({ prefix: root, with_delimiter: true });
    expect(paged.folders).toEqual(['docs/', 'pics/']);
    // A prefix is a beginning of a name, not a folder, and `_` is no wildcard.
    const partial = await alice.client.storage.from(PRIVATE).listV2({ prefix: `${root}a`, with_delimiter: true });
    expect(partial.data?.objects.map((o) => o.name.slice(root.length))).toEqual(['a.txt', 'a_.txt', 'ab.txt']);
    const literal = await alice.client.storage.from(PRIVATE).listV2({ prefix: `${root}a_` });
    expect(literal.data?.objects.map((o) => o.name.slice(root.length))).toEqual(['a_.txt']);
  });

  it('lists only what RLS lets the caller see', async () => {
    const theirs = await bob.client.storage.from(PRIVATE).listV2({ prefix: root });
    expect(theirs).toEqual({ data: { hasNext: false, folders: [], objects: [] }, error: null });
  });

  it('refuses a bad limit, sort or cursor with a 400', async () => {
    const bucket = alice.client.storage.from(PRIVATE);
    for (const options of [
      { limit: 0 },
      { limit: 1.5 },
      { sortBy: { column: 'size' } },
      { sortBy: { column: 'name', order: 'sideways' } },
      { cursor: 'not a cursor' },
      { with_delimiter: 'yes' },
    ]) {
      const { error } = await bucket.listV2(options as SearchV2Options);
      expect(error, JSON.stringify(options)).toMatchObject({ status: 400, statusCode: '400' });
    }
  });
});

describe('storage: object routes match exactly', () => {
  const service = () => serviceClient().storage;
  const hostile = 'list-v2';
  const other = 'stack-test-list-other';

  beforeAll(async () => {
    for (const id of [hostile, other]) expect((await service().createBucket(id)).error).toBeNull();
  });

  afterAll(async () => {
    for (const id of [hostile, other]) {
      await service().emptyBucket(id);
      await service().deleteBucket(id);
    }
  });

  it('lists a bucket, even next to one named `list-v2`, and never stores the listing call', async () => {
    expect((await service().from(other).upload('kept.txt', 'kept')).error).toBeNull();
    const listed = await service().from(other).listV2();
    expect(listed.data?.objects.map((o) => o.name)).toEqual(['kept.txt']);
    expect((await service().from(hostile).listV2()).data).toEqual({ hasNext: false, folders: [], objects: [] });
    // Before, POST /object/list-v2/<bucket> was an upload of `<bucket>` into the bucket `list-v2`.
    expect((await service().from(hostile).list()).data).toEqual([]);
    expect((await service().from(hostile).listV2()).data?.objects).toEqual([]);
  });
});
