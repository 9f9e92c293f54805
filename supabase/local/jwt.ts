import { jwtVerify, SignJWT, errors } from 'jose';
import type { JwtClaims } from './db/database.ts';

const encoder = new TextEncoder();

/** Verifies an HS256 token signed with the stack's secret; anything else (alg none, RS256, expired) throws. */
export async function verifyJwt(token: string, secret: string): Promise<JwtClaims> {
  const { payload } = await jwtVerify(token, encoder.encode(secret), { algorithms: ['HS256'] });
  if (typeof payload.role !== 'string') throw new errors.JWTClaimValidationFailed('missing role', payload, 'role');
  return payload as JwtClaims;
}

export async function signJwt(claims: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(encoder.encode(secret));
}
