import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_JWT_SECRET } from '../../supabase/local/config.ts';
import { anonClient, serviceClient, stackInfo } from '../support/clients.ts';
import { signedInUser, type SignedInUser } from '../support/users.ts';

// Storage through supabase-js against the local stack. Buckets `stack-test-*` and their
// policies (each user owns the folder named after their id) come from fixtures/storage-policies.sql.

const PRIVATE = 'stack-test-private';
const PUBLIC = 'stack-test-public';
const secret = new TextEncoder().encode(LOCAL_JWT_SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** A direct call to /storage/v1 (as anon by default; `token: null` sends no key at all). */
function storageFetch(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const { apiUrl, anonKey } = stackInfo();
  const headers = new Headers(init.headers);
  if (init.token !== null) {
    headers.set('apikey', anonKey);
    headers.set('authorization', `Bearer ${init.token ?? anonKey}`);
  }
  return fetch(`${apiUrl}/storage/v1${path}`, { ...init, headers });
}

async function text(blob: Blob | null): Promise<string | undefined> {
  return blob ? await blob.text() : undefined;
}

describe('storage: objects through supabase-js, access decided by RLS', () => {
  let alice: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([signedInUser('st-alice'), signedInUser('st-bob')]);
  });

  it('uploads a raw body, downloads it and describes it', async () => {
    const path = `${alice.id}/notes/raw.txt`;
    const up = await alice.client.storage
      .from(PRIVATE)
      .upload(path, Buffer.from('hello raw'), { contentType: 'text/plain', metadata: { topic: 'raw' } });
    expect(up.error).toBeNull();
    expect(up.data).toMatchObject({ path, fullPath: `${PRIVATE}/${path}` });
    expect(up.data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const down = await alice.client.storage.from(PRIVATE).download(path);
    expect(await text(down.data)).toBe('hello raw');
    const info = await alice.client.storage.from(PRIVATE).info(path);
    expect(info.data).toMatchObject({ name: path, size: 9, contentType: 'text/plain', metadata: { topic: 'raw' } });
    const bare = `${alice.id}/notes/bare.txt`;
    expect((await alice.client.storage.from(PRIVATE).upload(bare, 'no metadata')).error).toBeNull();
    const described = await alice.client.storage.from(PRIVATE).info(bare);
    expect(described.data).toMatchObject({
      metadata: {},
      lastModified: expect.any(String),
      version: expect.any(String),
    });
    expect(described.data).not.toHaveProperty('updatedAt');
    expect((await alice.client.storage.from(PRIVATE).exists(path)).data).toBe(true);
    expect((await alice.client.storage.from(PRIVATE).exists(`${path}.missing`)).data).toBe(false);
  });

  it('uploads a multipart body (a Blob) with its content type', async () => {
    const path = `${alice.id}/pictures/dot.png`;
    const blob = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
    const up = await alice.client.storage.from(PRIVATE).upload(path, blob, { cacheControl: '60' });
    expect(up.error).toBeNull();
    const response = await storageFetch(`/object/authenticated/${PRIVATE}/${path}`, { token: alice.accessToken });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('max-age=60');
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([137, 80, 78, 71]);
  });

  it('refuses to overwrite without upsert, replaces with upsert and with update', async () => {
    const bucket = alice.client.storage.from(PRIVATE);
    const path = `${alice.id}/upsert.txt`;
    expect((await bucket.upload(path, 'one')).error).toBeNull();
    const again = await bucket.upload(path, 'two');
    expect(again.error).toMatchObject({ statusCode: '409', message: 'The resource already exists' });
    expect(await text((await bucket.download(path)).data)).toBe('one');
    expect((await bucket.upload(path, 'three', { upsert: true })).error).toBeNull();
    expect(await text((await bucket.download(path)).data)).toBe('three');
    expect((await bucket.update(path, 'four')).error).toBeNull();
    expect(await text((await bucket.download(path)).data)).toBe('four');
  });

  it('lists folders (id null) and files under a prefix, with search, sort, limit and offset', async () => {
    const bucket = alice.client.storage.from(PRIVATE);
    const root = `${alice.id}/listing`;
    for (const name of ['b.txt', 'a.txt', 'sub/c.txt', 'sub/deeper/d.txt', 'other/e.txt']) {
      expect((await bucket.upload(`${root}/${name}`, name)).error).toBeNull();
    }
    const { data, error } = await bucket.list(root);
    expect(error).toBeNull();
    expect(data?.map((e) => [e.name, e.id === null])).toEqual([
      ['a.txt', false],
      ['b.txt', false],
      ['other', true],
      ['sub', true],
    ]);
    expect(data?.[0]?.metadata).toMatchObject({ size: 5, mimetype: 'text/plain;charset=UTF-8' });
    const desc = await bucket.list(root, { sortBy: { column: 'name', order: 'desc' }, limit: 2, offset: 1 });
    expect(desc.data?.map((e) => e.name)).toEqual(['other', 'b.txt']);
    const searched = await bucket.list(root, { search: 'S' });
    expect(searched.data?.map((e) => e.name)).toEqual(['sub']);
    expect((await bucket.list(`${root}/sub`)).data?.map((e) => e.name)).toEqual(['c.txt', 'deeper']);
  });

  it('removes objects, answering the removed rows, and their bytes are gone', async () => {
    const bucket = alice.client.storage.from(PRIVATE);
    const paths = [`${alice.id}/rm/1.txt`, `${alice.id}/rm/2.txt`];
    for (const path of paths) expect((await bucket.upload(path, 'x')).error).toBeNull();
    const { data, error } = await bucket.remove([...paths, `${alice.id}/rm/missing.txt`]);
    expect(error).toBeNull();
    expect(data?.map((o) => o.name).sort()).toEqual(paths);
    const gone = await bucket.download(paths[0]!);
    expect(gone.error).toMatchObject({ statusCode: '404' });
    expect((await bucket.list(`${alice.id}/rm`)).data).toEqual([]);
  });

  it('moves and copies within the caller’s folder', async () => {
    const bucket = alice.client.storage.from(PRIVATE);
    const from = `${alice.id}/mv/from.txt`;
    expect((await bucket.upload(from, 'moving')).error).toBeNull();
    expect((await bucket.move(from, `${alice.id}/mv/to.txt`)).error).toBeNull();
    expect((await bucket.download(from)).error).toMatchObject({ statusCode: '404' });
    expect(await text((await bucket.download(`${alice.id}/mv/to.txt`)).data)).toBe('moving');
    const copy = await bucket.copy(`${alice.id}/mv/to.txt`, `${alice.id}/mv/copy.txt`);
    expect(copy.data).toEqual({ path: `${PRIVATE}/${alice.id}/mv/copy.txt` });
    expect(await text((await bucket.download(`${alice.id}/mv/copy.txt`)).data)).toBe('moving');
    expect(await text((await bucket.download(`${alice.id}/mv/to.txt`)).data)).toBe('moving');
  });

  it('keeps users out of each other’s folders', async () => {
    const path = `${alice.id}/private/secret.txt`;
    expect((await alice.client.storage.from(PRIVATE).upload(path, 'secret')).error).toBeNull();
    const theirs = bob.client.storage.from(PRIVATE);
    const write = await theirs.upload(`${alice.id}/private/intrusion.txt`, 'bob was here');
    expect(write.error).toMatchObject({ statusCode: '403', message: 'new row violates row-level security policy' });
    const overwrite = await theirs.upload(path, 'bob was here', { upsert: true });
    expect(overwrite.error).toMatchObject({ statusCode: '403' });
    expect((await theirs.download(path)).error).toMatchObject({ statusCode: '404' });
    expect((await theirs.list(`${alice.id}/private`)).data).toEqual([]);
    expect((await theirs.remove([path])).data).toEqual([]);
    expect((await theirs.move(path, `${bob.id}/stolen.txt`)).error).toMatchObject({ statusCode: '404' });
    expect((await theirs.createSignedUrl(path, 60)).error).toMatchObject({ statusCode: '404' });
    // Bob may not move his own file into Alice's folder either.
    expect((await theirs.upload(`${bob.id}/mine.txt`, 'mine')).error).toBeNull();
    const push = await theirs.move(`${bob.id}/mine.txt`, `${alice.id}/private/gift.txt`);
    expect(push.error).toMatchObject({ statusCode: '403' });
    expect(await text((await alice.client.storage.from(PRIVATE).download(path)).data)).toBe('secret');
  });

  it('refuses anon: no upload, no download, nothing listed in a private bucket', async () => {
    const path = `${alice.id}/anon-target.txt`;
    expect((await alice.client.storage.from(PRIVATE).upload(path, 'data')).error).toBeNull();
    const anon = anonClient().storage.from(PRIVATE);
    expect((await anon.upload(`${alice.id}/anon.txt`, 'anon')).error).toMatchObject({ statusCode: '403' });
    expect((await anon.download(path)).error).toMatchObject({ statusCode: '404' });
    expect((await anon.list(alice.id)).data).toEqual([]);
    const bare = await storageFetch(`/object/authenticated/${PRIVATE}/${path}`, { token: null });
    expect(bare.status).toBe(401);
    // Storage's words for a call without any token (storage-js's own suite checks them).
    expect(await bare.json()).toMatchObject({ statusCode: '403', message: 'Invalid Compact JWS' });
  });

  it('serves public buckets by public URL, and private ones not', async () => {
    const path = `${alice.id}/hello.txt`;
    expect((await alice.client.storage.from(PUBLIC).upload(path, 'public hello')).error).toBeNull();
    const { publicUrl } = anonClient().storage.from(PUBLIC).getPublicUrl(path).data;
    const response = await fetch(publicUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('public hello');
    expect(await text((await bob.client.storage.from(PUBLIC).download(path)).data)).toBe('public hello');
    expect((await alice.client.storage.from(PRIVATE).upload(path, 'private hello')).error).toBeNull();
    const privateUrl = anonClient().storage.from(PRIVATE).getPublicUrl(path).data.publicUrl;
    const refused = await fetch(privateUrl);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ statusCode: '404', error: 'Bucket not found' });
  });
});

describe('storage: signed URLs', () => {
  let alice: SignedInUser;
  const name = () => `${alice.id}/signed/file.txt`;

  beforeAll(async () => {
    alice = await signedInUser('st-signer');
    expect((await alice.client.storage.from(PRIVATE).upload(name(), 'signed bytes')).error).toBeNull();
  });

  it('serves the object to anyone holding the URL, until it expires', async () => {
    const { data, error } = await alice.client.storage.from(PRIVATE).createSignedUrl(name(), 60);
    expect(error).toBeNull();
    const response = await fetch(data!.signedUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('signed bytes');
  });

  it('refuses an expired token and a tampered one', async () => {
    const url = `${PRIVATE}/${name()}`;
    const expired = await new SignJWT({ url })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now() - 120)
      .setExpirationTime(now() - 60)
      .sign(secret);
    const late = await storageFetch(`/object/sign/${url}?token=${expired}`, { token: null });
    expect(late.status).toBe(400);
    expect(await late.json()).toEqual({
      statusCode: '400',
      code: 'InvalidJWT',
      error: 'InvalidJWT',
      message: '"exp" claim timestamp check failed',
    });
    const { data } = await alice.client.storage.from(PRIVATE).createSignedUrl(name(), 60);
    const token = new URL(data!.signedUrl).searchParams.get('token')!;
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ url: `${PRIVATE}/${alice.id}/other.txt`, exp: now() + 60 }));
    const tampered = await storageFetch(
      `/object/sign/${PRIVATE}/${alice.id}/other.txt?token=${header}.${forged.toString('base64url')}.${signature}`,
      { token: null },
    );
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ statusCode: '400', message: 'signature verification failed' });
    const elsewhere = await storageFetch(`/object/sign/${PRIVATE}/${alice.id}/other.txt?token=${token}`, {
      token: null,
    });
    expect(await elsewhere.json()).toMatchObject({ code: 'InvalidSignature' });
  });

  it('signs several paths, with an error for those the caller cannot read', async () => {
    const { data, error } = await alice.client.storage
      .from(PRIVATE)
      .createSignedUrls([name(), `${alice.id}/signed/missing.txt`], 60);
    expect(error).toBeNull();
    expect(data?.[0]?.error).toBeNull();
    expect(await (await fetch(data![0]!.signedUrl!)).text()).toBe('signed bytes');
    expect(data?.[1]).toMatchObject({ signedUrl: null, error: expect.stringContaining('does not exist') });
  });

  it('hands out signed upload URLs only where the caller may write', async () => {
    const bucket = alice.client.storage.from(PRIVATE);
    const path = `${alice.id}/signed/uploaded.txt`;
    const signed = await bucket.createSignedUploadUrl(path);
    expect(signed.error).toBeNull();
    const anon = anonClient().storage.from(PRIVATE);
    const uploaded = await anon.uploadToSignedUrl(path, signed.data!.token, 'via signed url');
    expect(uploaded.error).toBeNull();
    expect(await text((await bucket.download(path)).data)).toBe('via signed url');
    const reuse = await anon.uploadToSignedUrl(`${alice.id}/signed/elsewhere.txt`, signed.data!.token, 'x');
    expect(reuse.error).toMatchObject({ statusCode: '400' });
    const download = await bucket.createSignedUrl(path, 60);
    const downloadToken = new URL(download.data!.signedUrl).searchParams.get('token')!;
    const asUpload = await anon.uploadToSignedUrl(path, downloadToken, 'overwrite');
    expect(asUpload.error).toMatchObject({ statusCode: '400' });
    expect((await anon.createSignedUploadUrl(`${alice.id}/signed/anon.txt`)).error).toMatchObject({
      statusCode: '403',
    });
  });
});

describe('storage: buckets', () => {
  it('lets the service role manage buckets, and RLS decide what others see', async () => {
    const service = serviceClient().storage;
    const id = `stack-test-b-${randomUUID().slice(0, 8)}`;
    const created = await service.createBucket(id, {
      public: false,
      fileSizeLimit: '2MB',
      allowedMimeTypes: ['image/*'],
    });
    expect(created).toEqual({ data: { name: id }, error: null });
    const got = await service.getBucket(id);
    // Exactly Storage's fields for one bucket (listings add `type`).
    expect(Object.keys(got.data ?? {}).sort()).toEqual([
      'allowed_mime_types',
      'created_at',
      'file_size_limit',
      'id',
      'name',
      'owner',
      'public',
      'updated_at',
    ]);
    expect(got.data).toMatchObject({
      id,
      name: id,
      public: false,
      file_size_limit: 2_000_000,
      allowed_mime_types: ['image/*'],
    });
    expect((await service.createBucket(id)).error).toMatchObject({ statusCode: '409' });
    expect((await service.updateBucket(id, { public: true, fileSizeLimit: 1024 })).error).toBeNull();
    expect((await service.getBucket(id)).data).toMatchObject({ public: true, file_size_limit: 1024 });

    const anonList = await anonClient().storage.listBuckets();
    expect(anonList.data?.map((b) => b.id)).not.toContain(id);
    const user = await signedInUser('st-buckets');
    expect((await user.client.storage.listBuckets()).data?.map((b) => b.id)).toContain(id);
    expect((await user.client.storage.createBucket(`stack-test-u-${user.id.slice(0, 8)}`)).error).toMatchObject({
      statusCode: '403',
    });
    expect((await user.client.storage.deleteBucket(id)).error).toMatchObject({ statusCode: '404' });

    const png = new Blob([new Uint8Array(10)], { type: 'image/png' });
    expect((await service.from(id).upload('a.png', png)).error).toBeNull();
    expect((await service.deleteBucket(id)).error).toMatchObject({ statusCode: '409' });
    expect(await service.emptyBucket(id)).toEqual({
      data: { message: 'Empty bucket has been queued. Completion may take up to an hour.' },
      error: null,
    });
    expect((await service.from(id).list()).data).toEqual([]);
    expect((await service.deleteBucket(id)).error).toBeNull();
    expect((await service.getBucket(id)).error).toMatchObject({ statusCode: '404', message: 'Bucket not found' });
  });

  it('refuses invalid bucket settings with 400', async () => {
    const service = serviceClient().storage;
    expect((await service.createBucket('bad/name')).error).toMatchObject({ status: 400 });
    const badLimit = await service.createBucket(`stack-test-x-${randomUUID().slice(0, 8)}`, {
      public: false,
      fileSizeLimit: 'lots',
    });
    expect(badLimit.error).toMatchObject({ status: 400 });
  });
});

describe('storage: limits and hostile input', () => {
  let alice: SignedInUser;
  let limited: string;

  beforeAll(async () => {
    alice = await signedInUser('st-limits');
    limited = `stack-test-l-${randomUUID().slice(0, 8)}`;
    const { error } = await serviceClient().storage.createBucket(limited, {
      public: false,
      fileSizeLimit: 1024,
      allowedMimeTypes: ['image/*', 'text/plain'],
    });
    expect(error).toBeNull();
  });

  const tooLarge = {
    statusCode: '413',
    code: 'EntityTooLarge',
    error: 'Payload too large',
    message: 'The object exceeded the maximum allowed size',
  };

  it('accepts an object of exactly the bucket limit and refuses one byte more (413), raw and multipart', async () => {
    const bucket = alice.client.storage.from(limited);
    const fits = await bucket.upload(`${alice.id}/fits.png`, Buffer.alloc(1024), { contentType: 'image/png' });
    expect(fits.error).toBeNull();
    const raw = await storageFetch(`/object/${limited}/${alice.id}/raw-big.png`, {
      method: 'POST',
      token: alice.accessToken,
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array(1025),
    });
    expect(raw.status).toBe(413);
    expect(await raw.json()).toEqual(tooLarge);
    const form = new FormData();
    form.append('', new Blob([new Uint8Array(1025)], { type: 'image/png' }));
    const multipart = await storageFetch(`/object/${limited}/${alice.id}/form-big.png`, {
      method: 'POST',
      token: alice.accessToken,
      body: form,
    });
    expect(multipart.status).toBe(413);
    expect(await multipart.json()).toEqual(tooLarge);
    const big = new Blob([new Uint8Array(4096)], { type: 'image/png' });
    const viaClient = await bucket.upload(`${alice.id}/client-big.png`, big);
    expect(viaClient.error).toMatchObject({ status: 413, statusCode: '413' });
    expect((await bucket.list(alice.id)).data?.map((e) => e.name)).toEqual(['fits.png']);
  });

  it('stops reading a streamed body (no content-length) at the limit', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 512;
        if (sent > 64 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(512));
      },
    });
    const response = await storageFetch(`/object/${limited}/${alice.id}/streamed.png`, {
      method: 'POST',
      token: alice.accessToken,
      headers: { 'content-type': 'image/png' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(tooLarge);
    const after = await alice.client.storage.from(limited).exists(`${alice.id}/streamed.png`);
    expect(after.data).toBe(false);
  });

  it('refuses what exceeds the global limit (50 MB) even without a bucket limit', async () => {
    const response = await storageFetch(`/object/${PRIVATE}/${alice.id}/huge.bin`, {
      method: 'POST',
      token: alice.accessToken,
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(50 * 1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'EntityTooLarge' });
  });

  it('refuses a mime type the bucket does not allow (400 InvalidMimeType), raw and multipart', async () => {
    const bucket = alice.client.storage.from(limited);
    const raw = await bucket.upload(`${alice.id}/doc.pdf`, Buffer.from('%PDF'), { contentType: 'application/pdf' });
    expect(raw.error).toMatchObject({
      status: 400,
      statusCode: '415',
      message: 'mime type application/pdf is not supported',
    });
    const form = new FormData();
    form.append('', new Blob(['<svg/>'], { type: 'application/xml' }));
    const response = await storageFetch(`/object/${limited}/${alice.id}/doc.xml`, {
      method: 'POST',
      token: alice.accessToken,
      body: form,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: '415',
      code: 'InvalidMimeType',
      error: 'invalid_mime_type',
      message: 'mime type application/xml is not supported',
    });
    const injected = new FormData();
    injected.append('contentType', 'text/html\r\nx-evil: 1');
    injected.append('', new Blob(['<p>hi</p>']));
    const header = await storageFetch(`/object/${PRIVATE}/${alice.id}/injected.html`, {
      method: 'POST',
      token: alice.accessToken,
      body: injected,
    });
    expect(header.status).toBe(400);
    expect(await header.json()).toMatchObject({ code: 'InvalidMimeType' });
    const wildcard = await bucket.upload(`${alice.id}/ok.gif`, new Blob(['GIF'], { type: 'image/gif' }));
    expect(wildcard.error).toBeNull();
    const withCharset = await bucket.upload(`${alice.id}/ok.txt`, 'text', { contentType: 'text/plain;charset=UTF-8' });
    expect(withCharset.error).toBeNull();
  });

  it('refuses object names that try to escape or are not keys (400 InvalidKey)', async () => {
    const tricks = [
      `..%2F..%2Fescape.txt`,
      `${alice.id}%2F..%2F..%2Fescape.txt`,
      `%2Fetc%2Fpasswd`,
      `${alice.id}%2F%2Fdouble.txt`,
      `${alice.id}%2Fnul%00.txt`,
      `${alice.id}%2Fback%5Cslash.txt`,
      `${alice.id}%2Fline%0Abreak.txt`,
      `${alice.id}%2F.%2Fdot.txt`,
      `${alice.id}%2F${'x'.repeat(2000)}`,
      `${alice.id}%2F`,
    ];
    for (const name of tricks) {
      const response = await storageFetch(`/object/${PRIVATE}/${name}`, {
        method: 'POST',
        token: alice.accessToken,
        headers: { 'content-type': 'text/plain' },
        body: 'payload',
      });
      expect(response.status, name).toBe(400);
      expect(await response.json(), name).toMatchObject({ statusCode: '400', code: 'InvalidKey' });
    }
    const bucket = alice.client.storage.from(PRIVATE);
    for (const name of ['../x', `${alice.id}/../../x`, `${alice.id}/a\u0000b`, `${alice.id}/${'y'.repeat(2000)}`]) {
      const { data, error } = await bucket.upload(name, 'payload');
      expect(data, name).toBeNull();
      expect(error?.status, name).toBeGreaterThanOrEqual(400);
      expect(error?.status, name).toBeLessThan(500);
    }
    const moved = await bucket.move(`${alice.id}/none.txt`, '../../escape.txt');
    expect(moved.error).toMatchObject({ statusCode: '400' });
    const removed = await storageFetch(`/object/${PRIVATE}`, {
      method: 'DELETE',
      token: alice.accessToken,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prefixes: ['a\u0000b'] }),
    });
    expect(removed.status).toBe(400);
    expect((await bucket.list(alice.id)).data).toEqual([]);
  });

  it('answers bad input with 4xx JSON, never 5xx', async () => {
    const calls: [string, RequestInit][] = [
      [`/object/list/${PRIVATE}`, { method: 'POST', body: '{not json' }],
      [`/object/list/${PRIVATE}`, { method: 'POST', body: JSON.stringify({ sortBy: { column: 'name; drop' } }) }],
      [`/object/list/${PRIVATE}`, { method: 'POST', body: JSON.stringify({ limit: -1 }) }],
      ['/object/move', { method: 'POST', body: JSON.stringify({ bucketId: PRIVATE }) }],
      [`/object/sign/${PRIVATE}/${alice.id}/x.txt`, { method: 'POST', body: JSON.stringify({ expiresIn: 'soon' }) }],
      [`/object/sign/${PRIVATE}`, { method: 'POST', body: JSON.stringify({ expiresIn: 60, paths: 'x' }) }],
      [`/object/${PRIVATE}`, { method: 'DELETE', body: JSON.stringify({ prefixes: [] }) }],
      ['/bucket', { method: 'POST', body: JSON.stringify({ name: 42 }) }],
      [`/object/nosuchbucket/${alice.id}/x.txt`, { method: 'POST', body: 'x' }],
      [`/object/${PRIVATE}/${alice.id}/%E0%A4%A.txt`, { method: 'POST', body: 'x' }],
      [`/object/${PRIVATE}/x`, { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'x' }],
      [`/object/sign/${PRIVATE}/${alice.id}/x.txt?token=garbage`, { method: 'GET' }],
      ['/nothing/here', { method: 'GET' }],
    ];
    for (const [path, init] of calls) {
      const response = await storageFetch(path, {
        ...init,
        token: alice.accessToken,
        headers: { 'content-type': 'application/json', ...init.headers },
      });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers.get('content-type'), path).toContain('application/json');
    }
  });

  it('refuses tokens the stack did not sign, with 401 and Storage’s body', async () => {
    const expired = await new SignJWT({ sub: alice.id, role: 'authenticated', exp: now() - 10 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);
    const late = await storageFetch('/bucket', { token: expired });
    expect(late.status).toBe(401);
    expect(await late.json()).toEqual({
      statusCode: '403',
      code: 'AccessDenied',
      error: 'Unauthorized',
      message: '"exp" claim timestamp check failed',
    });
    const [header, payload] = alice.accessToken.split('.');
    const forged = await storageFetch('/bucket', { token: `${header}.${payload}.${'A'.repeat(43)}` });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ message: 'signature verification failed' });
  });
});
