import type { adminEn } from './admin.en.ts';

/** French strings of the admin screens: every English key is mandatory. */
export const adminFr: Record<keyof typeof adminEn, string> = {
  'admin.title': 'Admin',
};
