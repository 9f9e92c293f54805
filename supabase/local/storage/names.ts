import { invalidBucketName, invalidKey, invalidRequest } from './errors.ts';

const MAX_KEY_BYTES = 1024;
const MAX_BUCKET_LENGTH = 100;
// The characters Supabase allows in bucket names (S3-safe, no slash).
const BUCKET_NAME = /^[\w!\-.*'() &$@=;:+,?]+$/;

/** Control characters, backslash, or a UTF-16 half without its pair. */
export function hasForbiddenChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
    if (code >= 0xdc00 && code <= 0xdfff) return true;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}

/**
 * Refuses object names that could mean something else than a key: absolute paths, empty,
 * `.` or `..` segments, backslashes, control characters, and names over 1024 bytes.
 * Bytes never live under these names (see files.ts); this keeps keys unambiguous as well.
 */
export function checkObjectName(name: string): string {
  if (
    name.length === 0 ||
    Buffer.byteLength(name, 'utf8') > MAX_KEY_BYTES ||
    hasForbiddenChar(name) ||
    name.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')
  ) {
    throw invalidKey(name);
  }
  return name;
}

/** A listing prefix: empty, or a valid name, optionally ending with a slash. */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkObjectName(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

export function checkBucketId(id: string): string {
  if (id.length > MAX_BUCKET_LENGTH || !BUCKET_NAME.test(id) || id === '.' || id === '..') throw invalidBucketName();
  return id;
}

/** Decodes one percent-encoded path part; malformed encodings are the caller's fault. */
export function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidRequest('Malformed path encoding');
  }
}

/** Splits `bucket/name...` (already decoded) into its bucket and its checked object name. */
export function splitObjectPath(path: string): { bucket: string; name: string } {
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const name = slash < 0 ? '' : path.slice(slash + 1);
  return { bucket: checkBucketId(bucket), name: checkObjectName(name) };
}
