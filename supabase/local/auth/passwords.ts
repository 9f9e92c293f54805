import bcrypt from 'bcryptjs';

/** bcrypt, as GoTrue stores `encrypted_password`; cost 10 is GoTrue's default. */
const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) return bcrypt.compare(password, '$2a$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinv').then(() => false);
  return bcrypt.compare(password, hash);
}
