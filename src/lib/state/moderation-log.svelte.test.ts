import { describe, expect, it } from 'vitest';
import { ApiError, type ModerationFigure, type ModerationLogApi } from '../api/index.ts';
import { ModerationLog } from './moderation-log.svelte.ts';

const figure = (
  districtId: string,
  month: string,
  reasonCode: string,
  count: number,
  extra: Partial<ModerationFigure> = {},
) => ({ districtId, month, reasonCode, count, targetType: 'proposal', action: 'hide', ...extra }) as ModerationFigure;

const FIGURES = [
  figure('1', '2026-11-01', 'spam', 2),
  figure('1', '2026-11-01', 'spam', 1, { targetType: 'comment' }),
  figure('1', '2026-11-01', 'reports', 4, { action: 'auto_hide' }),
  figure('2', '2026-11-01', 'offensive', 1),
  figure('1', '2026-10-01', 'spam', 5),
];

async function loaded(): Promise<ModerationLog> {
  const log = new ModerationLog({ figures: async () => FIGURES });
  await log.load();
  return log;
}

describe('ModerationLog', () => {
  it('groups per district and month, reasons summed over targets and actions, most frequent first', async () => {
    const log = await loaded();
    expect(log.status).toBe('ready');
    expect(log.groups).toEqual([
      {
        districtId: '1',
        month: '2026-11-01',
        reasons: [
          { reasonCode: 'reports', count: 4 },
          { reasonCode: 'spam', count: 3 },
        ],
        total: 7,
      },
      { districtId: '2', month: '2026-11-01', reasons: [{ reasonCode: 'offensive', count: 1 }], total: 1 },
      { districtId: '1', month: '2026-10-01', reasons: [{ reasonCode: 'spam', count: 5 }], total: 5 },
    ]);
    expect(log.total).toBe(13);
    expect(log.totals).toEqual([
      { reasonCode: 'spam', count: 8 },
      { reasonCode: 'reports', count: 4 },
      { reasonCode: 'offensive', count: 1 },
    ]);
    expect(log.months).toEqual(['2026-11-01', '2026-10-01']);
  });

  it('filters by district and by month, totals following', async () => {
    const log = await loaded();
    log.district = '1';
    expect(log.groups.map((g) => g.month)).toEqual(['2026-11-01', '2026-10-01']);
    expect(log.total).toBe(12);
    log.month = '2026-10-01';
    expect(log.groups).toHaveLength(1);
    expect(log.total).toBe(5);
    log.district = '2';
    expect(log.groups).toEqual([]);
    expect(log.total).toBe(0);
    log.district = '';
    log.month = '';
    expect(log.total).toBe(13);
  });

  it('keeps the reason of a failed load', async () => {
    const api: ModerationLogApi = {
      figures: async () => {
        throw new ApiError('network', 'offline', 0);
      },
    };
    const log = new ModerationLog(api);
    await log.load();
    expect(log.status).toBe('error');
    expect(log.error).toBe('network');
  });
});
