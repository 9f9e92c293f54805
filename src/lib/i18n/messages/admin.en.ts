/** English strings of the admin screens (merged into the app's dictionary by ../en.ts). */
export const adminEn = {
  'admin.title': 'Admin',
} as const;
