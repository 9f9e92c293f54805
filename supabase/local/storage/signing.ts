import type { IncomingMessage } from 'node:http';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { JwtClaims } from '../db/database.ts';
import { bearerToken } from '../http.ts';
import { verifyJwt } from '../jwt.ts';
import { invalidJwt, invalidSignature, unauthorized } from './errors.ts';

const encoder = new TextEncoder();
const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);

/** Storage verifies with jose and answers with jose's own words ('Invalid Compact JWS', …). */
function jwtMessage(error: unknown): string {
  return error instanceof errors.JOSEError ? error.message : 'Invalid JWT';
}

/** The caller: the Bearer token, else the `apikey` header, verified with the stack's secret. */
export async function callerClaims(req: IncomingMessage, secret: string): Promise<JwtClaims> {
  const header = req.headers.apikey;
  const token = bearerToken(req) ?? (Array.isArray(header) ? header[0] : header);
  // No token at all reads as an empty one, as Storage words it.
  if (!token) throw unauthorized('Invalid Compact JWS');
  let claims: JwtClaims;
  try {
    claims = await verifyJwt(token, secret);
  } catch (error) {
    throw unauthorized(jwtMessage(error));
  }
  if (!API_ROLES.has(claims.role)) throw unauthorized(`role "${claims.role}" is not allowed`);
  return claims;
}

/**
 * Tokens of signed URLs: `{url: 'bucket/name'}` for downloads, plus `{upsert, owner}` for
 * uploads. They carry no role, so they can never pass as a caller's token, and each kind
 * is refused where the other is expected.
 */
export interface UrlToken {
  url: string;
  upsert?: boolean;
  owner?: string;
}

export function signUrlToken(secret: string, token: UrlToken, expiresIn: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...token })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(encoder.encode(secret));
}

export async function verifyUrlToken(
  secret: string,
  token: string,
  url: string,
  kind: 'download' | 'upload',
): Promise<UrlToken> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw invalidJwt(jwtMessage(error));
  }
  const isUpload = typeof payload.upsert === 'boolean';
  if (payload.url !== url || 'role' in payload || isUpload !== (kind === 'upload')) throw invalidSignature();
  return {
    url,
    upsert: payload.upsert === true,
    ...(typeof payload.owner === 'string' ? { owner: payload.owner } : {}),
  };
}
