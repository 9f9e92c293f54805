import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { stackInfo } from '../support/clients.ts';
import { signedInUser } from '../support/users.ts';

const SECRET = new TextEncoder().encode('super-secret-jwt-token-with-at-least-32-characters-long');
const now = () => Math.floor(Date.now() / 1000);

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function badTokens(): Promise<Record<string, string>> {
  const user = await signedInUser('jwt');
  const [header, payload, signature] = user.accessToken.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const wrongSecret = new TextEncoder().encode('another-secret-that-is-at-least-32-characters');
  return {
    tampered: `${header}.${b64url({ ...claims, sub: '00000000-0000-0000-0000-000000000001' })}.${signature}`,
    expired: await new SignJWT({ ...claims, exp: now() - 60, iat: now() - 3660 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(SECRET),
    algNone: `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...claims, role: 'service_role' })}.`,
    forgedRole: `${header}.${b64url({ ...claims, role: 'service_role' })}.${signature}`,
    wrongSecret: await new SignJWT({ ...claims, role: 'service_role' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(wrongSecret),
  };
}

// Every service refuses a token that is not what the stack's secret signed.
describe('invalid JWTs are refused with 401 on every service', async () => {
  const tokens = await badTokens();
  const { apiUrl, anonKey } = stackInfo();
  const requests = {
    rest: (t: string) =>
      fetch(`${apiUrl}/rest/v1/stack_test_notes`, { headers: { apikey: anonKey, authorization: `Bearer ${t}` } }),
    auth: (t: string) =>
      fetch(`${apiUrl}/auth/v1/user`, { headers: { apikey: anonKey, authorization: `Bearer ${t}` } }),
    storage: (t: string) =>
      fetch(`${apiUrl}/storage/v1/bucket`, { headers: { apikey: anonKey, authorization: `Bearer ${t}` } }),
  };
  for (const [service, call] of Object.entries(requests)) {
    for (const [kind, token] of Object.entries(tokens)) {
      it(`${service} refuses a ${kind} token`, async () => {
        const response = await call(token);
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toContain('application/json');
      });
    }
  }
});
