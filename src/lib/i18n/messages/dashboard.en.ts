/** English strings of the dashboard screens (merged into the app's dictionary by ../en.ts). */
export const dashboardEn = {
  'dashboard.title': 'Dashboard',
} as const;
