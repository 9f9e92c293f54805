/** English strings of the moderation screens (merged into the app's dictionary by ../en.ts). */
export const moderationEn = {
  'moderation.title': 'Moderation',
} as const;
