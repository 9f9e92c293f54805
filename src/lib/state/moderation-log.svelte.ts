import { isApiError, type ApiErrorCode, type ModerationFigure, type ModerationLogApi } from '../api/index.ts';

export type LogStatus = 'loading' | 'ready' | 'error';

export interface ReasonCount {
  reasonCode: string;
  count: number;
}

/** The hidden items of one district in one month, per reason (most frequent first). */
export interface LogGroup {
  districtId: string;
  month: string;
  reasons: ReasonCount[];
  total: number;
}

const unique = (values: string[]): string[] => values.filter((v, i) => values.indexOf(v) === i);

function byReason(figures: ModerationFigure[]): ReasonCount[] {
  const counts: Record<string, number> = {};
  for (const f of figures) counts[f.reasonCode] = (counts[f.reasonCode] ?? 0) + f.count;
  return Object.entries(counts)
    .map(([reasonCode, count]) => ({ reasonCode, count }))
    .sort((a, b) => b.count - a.count || a.reasonCode.localeCompare(b.reasonCode));
}

/**
 * The public moderation log: hidden items per district, month and reason (proposals and comments,
 * hidden by an agent, automatically after reports, or rejected before publication), filtered by
 * district and month. Figures only: the database keeps no identity in them.
 */
export class ModerationLog {
  figures = $state.raw<ModerationFigure[]>([]);
  status = $state<LogStatus>('loading');
  error = $state<ApiErrorCode | null>(null);
  /** '' = every district / every month. */
  district = $state('');
  month = $state('');

  /** Months with figures, newest first (`YYYY-MM-01`). */
  readonly months: string[] = $derived(
    unique(this.figures.map((f) => f.month))
      .sort()
      .reverse(),
  );

  readonly selected: ModerationFigure[] = $derived(
    this.figures.filter(
      (f) => (this.district === '' || f.districtId === this.district) && (this.month === '' || f.month === this.month),
    ),
  );

  /** Newest month first, then districts in their order (by id). */
  readonly groups: LogGroup[] = $derived.by(() => {
    const keys = unique(this.selected.map((f) => `${f.month}|${f.districtId}`));
    return keys
      .map((key) => {
        const [month = '', districtId = ''] = key.split('|');
        const reasons = byReason(this.selected.filter((f) => f.month === month && f.districtId === districtId));
        return { districtId, month, reasons, total: reasons.reduce((sum, r) => sum + r.count, 0) };
      })
      .sort((a, b) => b.month.localeCompare(a.month) || Number(a.districtId) - Number(b.districtId));
  });

  /** The selection's totals per reason. */
  readonly totals: ReasonCount[] = $derived(byReason(this.selected));
  readonly total: number = $derived(this.totals.reduce((sum, r) => sum + r.count, 0));

  readonly #api: ModerationLogApi;

  constructor(api: ModerationLogApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    this.error = null;
    try {
      this.figures = await this.#api.figures();
      this.status = 'ready';
    } catch (error) {
      this.error = isApiError(error) ? error.code : 'unknown';
      this.status = 'error';
    }
  }
}
