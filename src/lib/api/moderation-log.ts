import type { DataSource } from './client.ts';
import { toApiError } from './errors.ts';

/** Log actions that take an item out of public view: by an agent, automatically after reports, or before publication. */
export const HIDING_ACTIONS = ['hide', 'auto_hide', 'reject'] as const;
export type HidingAction = (typeof HIDING_ACTIONS)[number];

/** One public figure: how many items of a district were hidden in a month, for one reason. No identities. */
export interface ModerationFigure {
  districtId: string;
  /** First day of the month, `YYYY-MM-01` (UTC). */
  month: string;
  targetType: 'proposal' | 'comment';
  action: HidingAction;
  reasonCode: string;
  count: number;
}

export interface ModerationLogApi {
  /** Every hiding figure, newest month first (readable by everyone, visitors included). */
  figures(): Promise<ModerationFigure[]>;
}

export function createModerationLogApi(db: DataSource): ModerationLogApi {
  return {
    async figures() {
      const { data, error, status } = await db()
        .from('moderation_stats')
        .select('district_id, month, target_type, action, reason_code, count')
        .in('action', [...HIDING_ACTIONS])
        .order('month', { ascending: false })
        .order('district_id');
      if (error) throw toApiError(error, status);
      // The filter above keeps hiding actions on proposals and comments; the types learn it here.
      return data.flatMap((row) => {
        const action = HIDING_ACTIONS.find((a) => a === row.action);
        if (!action || row.target_type === 'user') return [];
        return [
          {
            districtId: String(row.district_id),
            month: row.month,
            targetType: row.target_type,
            action,
            reasonCode: row.reason_code,
            count: Number(row.count),
          },
        ];
      });
    },
  };
}
