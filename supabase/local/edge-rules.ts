import { GLOBAL_FILE_SIZE_LIMIT } from './storage/objects.ts';

/**
 * What both edges (nginx in edge.ts, the Node gateway in gateway.ts) refuse before any service,
 * and above all the database, sees a request: bodies larger than the service takes, and
 * addresses that do not percent-decode to UTF-8 without NUL (PostgREST answers those with a
 * plain-text 500, Postgres cannot store a NUL).
 */

const MiB = 1024 * 1024;

/**
 * Largest request body per service. REST: a planner's district import (GeoJSON through an RPC)
 * is the largest legitimate call, a few MB for a large city. Storage: an object of the global
 * file size limit plus its multipart framing; Storage refuses past its own limits itself.
 * Auth and anything else: JSON documents of a few KB (GoTrue reads at most 1 MB).
 */
export const BODY_LIMITS = {
  rest: 10 * MiB,
  storage: GLOBAL_FILE_SIZE_LIMIT + MiB,
  other: MiB,
} as const;

export function bodyLimit(service: string | undefined): number {
  return service === 'rest' ? BODY_LIMITS.rest : service === 'storage' ? BODY_LIMITS.storage : BODY_LIMITS.other;
}

/** Answers in a shape every client reads (`message`) that also fits Storage's (`statusCode`, `error`). */
const refusal = (statusCode: number, code: string, message: string) => ({
  statusCode: String(statusCode),
  code,
  error: code,
  message,
});

export const TOO_LARGE = refusal(413, 'PayloadTooLarge', 'The request body is larger than this service accepts');
/** `InvalidKey`, as Storage calls a file name it cannot take: most such addresses name a file. */
export const BAD_ADDRESS = refusal(
  400,
  'InvalidKey',
  'The address of this request is not valid (broken percent-encoding, invalid UTF-8 or a NUL; for a file: its name is not a valid key)',
);
export const METHOD_NOT_ALLOWED = refusal(405, 'MethodNotAllowed', 'This method is not allowed here');
export const URI_TOO_LONG = refusal(414, 'UriTooLong', 'The address of this request is too long');
export const HEADERS_TOO_LARGE = refusal(431, 'HeadersTooLarge', 'The headers of this request are too large');

/** Does the raw request target (path and query, still percent-encoded) decode to UTF-8 without NUL? */
export function isValidTarget(target: string): boolean {
  try {
    return !decodeURIComponent(target).includes('\0');
  } catch {
    return false;
  }
}

/**
 * The same test as a PCRE for nginx (case-insensitive, byte by byte): every `%` starts an escape,
 * escapes of bytes above 0x7f form well-formed UTF-8 sequences, and none is `%00`.
 */
const CONTINUATION = '%[89ab][0-9a-f]';
export const VALID_TARGET_PCRE = `^(?:[^%]|%0[1-9a-f]|%[1-7][0-9a-f]|%c[2-9a-f]${CONTINUATION}|%d[0-9a-f]${CONTINUATION}|%e0%[ab][0-9a-f]${CONTINUATION}|%e[1-9a-cef](?:${CONTINUATION}){2}|%ed%[89][0-9a-f]${CONTINUATION}|%f0%[9ab][0-9a-f](?:${CONTINUATION}){2}|%f[1-3](?:${CONTINUATION}){3}|%f4%8[0-9a-f](?:${CONTINUATION}){2})*$`;
