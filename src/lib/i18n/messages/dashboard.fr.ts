import type { dashboardEn } from './dashboard.en.ts';

/** French strings of the dashboard screens: every English key is mandatory. */
export const dashboardFr: Record<keyof typeof dashboardEn, string> = {
  'dashboard.title': 'Dashboard',
};
