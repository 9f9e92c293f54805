import bcrypt from 'bcryptjs';

/** bcrypt, as GoTrue stores `encrypted_password`; cost 10 is GoTrue's default. */
const COST = 10;

/** Compared against when a user has no password, so the answer takes as long as a real check. */
const DUMMY_HASH = bcrypt.hashSync('no-password-set-for-this-user', COST);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, DUMMY_HASH);
    return false;
  }
  return bcrypt.compare(password, hash);
}
