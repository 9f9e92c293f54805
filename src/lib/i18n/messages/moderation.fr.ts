import type { moderationEn } from './moderation.en.ts';

/** French strings of the moderation screens: every English key is mandatory. */
export const moderationFr: Record<keyof typeof moderationEn, string> = {
  'moderation.title': 'Moderation',
};
