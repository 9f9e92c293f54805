import { jwtVerify, SignJWT, errors } from 'jose';
import type { JwtClaims } from './db/database.ts';

const encoder = new TextEncoder();

/** How far in the future a token's `iat` may be (clock skew between machines), as PostgREST allows. */
const CLOCK_SKEW_SECONDS = 30;

/**
 * Verifies an HS256 token signed with the stack's secret; anything else (alg none, RS256, expired,
 * issued in the future beyond the clock skew) throws.
 */
export async function verifyJwt(token: string, secret: string): Promise<JwtClaims> {
  const { payload } = await jwtVerify(token, encoder.encode(secret), { algorithms: ['HS256'] });
  if (typeof payload.role !== 'string') throw new errors.JWTClaimValidationFailed('missing role', payload, 'role');
  if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
    throw new errors.JWTClaimValidationFailed('JWT issued at future', payload, 'iat');
  }
  return payload as JwtClaims;
}

export async function signJwt(claims: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(encoder.encode(secret));
}
