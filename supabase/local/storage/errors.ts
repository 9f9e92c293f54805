import pg from 'pg';
import { HttpError } from '../http.ts';

/**
 * Supabase Storage's error answers: the body carries the meaningful status as a string
 * (`statusCode: '404'`) while the HTTP status is 400 for every client error, as the real
 * server renders them. Two project-level exceptions: an oversized object answers HTTP 413,
 * and a caller whose JWT does not verify answers HTTP 401 (the stack's contract for every service).
 */
export function storageError(statusCode: number, code: string, message: string, error: string = code): HttpError {
  const http = statusCode >= 500 ? 500 : code === 'EntityTooLarge' ? 413 : 400;
  return new HttpError(http, { statusCode: String(statusCode), code, error, message });
}

export const noSuchBucket = () => storageError(404, 'NoSuchBucket', 'Bucket not found', 'Bucket not found');
export const noSuchKey = () => storageError(404, 'NoSuchKey', 'Object not found', 'not_found');
export const invalidKey = (key: string) => storageError(400, 'InvalidKey', `Invalid key: ${key}`);
export const invalidBucketName = () => storageError(400, 'InvalidBucketName', 'Bucket name invalid', 'Invalid Input');
export const invalidRequest = (message: string) => storageError(400, 'InvalidRequest', message);
export const entityTooLarge = () =>
  storageError(413, 'EntityTooLarge', 'The object exceeded the maximum allowed size', 'Payload too large');
export const invalidMimeType = (mime: string) =>
  storageError(415, 'InvalidMimeType', `mime type ${mime} is not supported`, 'invalid_mime_type');
export const accessDenied = (message: string) => storageError(403, 'AccessDenied', message, 'Unauthorized');
export const alreadyExists = () =>
  storageError(409, 'ResourceAlreadyExists', 'The resource already exists', 'Duplicate');
export const bucketNotEmpty = () =>
  storageError(409, 'ResourceNotEmpty', 'The bucket you tried to delete is not empty');
export const invalidJwt = (message: string) => storageError(400, 'InvalidJWT', message);
export const invalidSignature = () => storageError(400, 'InvalidSignature', 'Invalid signature');
export const internalError = () => storageError(500, 'InternalError', 'Internal server error');

/** The caller's own token did not verify. */
export function unauthorized(message: string): HttpError {
  return new HttpError(401, { statusCode: '403', code: 'AccessDenied', error: 'Unauthorized', message });
}

/** Maps what Postgres refused (RLS, constraints) to Storage's answers; anything else is ours (500). */
export function fromDatabase(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof pg.DatabaseError) {
    switch (error.code) {
      case '42501':
        return accessDenied(
          error.message.includes('row-level security') ? 'new row violates row-level security policy' : error.message,
        );
      case '23505':
        return alreadyExists();
      case '23503':
        return error.detail?.includes('is still referenced') ? bucketNotEmpty() : noSuchBucket();
      case '22P02':
      case '22021':
      case '22001':
      case '23514':
        return invalidRequest('Invalid value');
    }
  }
  console.error('[storage]', error);
  return internalError();
}
