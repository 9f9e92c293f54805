import type { DataClient, DataSource } from './client.ts';
import type { Database, Json } from './database.types.ts';
import { toApiError } from './errors.ts';
import { REPORT_REASONS, type ModerationState, type ProposalStatus, type ReportReason } from './types.ts';

export type { ModerationState };
export type ProposalAction = 'publish' | 'hide' | 'restore' | 'reject';
export type CommentAction = 'hide' | 'restore';

/**
 * Reason codes an agent picks (stored as the item's public reason and in the audit log).
 * `reports` is only set by the automatic hiding and `correction` by corrections.
 */
export const MODERATION_REASONS = [
  'compliant',
  'spam',
  'offensive',
  'off_topic',
  'personal_data',
  'illegal',
  'duplicate',
  'other',
] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];

/** Something in an agent's queue (a proposal, or a comment with its proposal), or a proposal they looked up. */
export interface ModerationItem {
  /** `p<id>` or `c<id>`: unique across both kinds. */
  key: string;
  target: 'proposal' | 'comment';
  proposalId: string;
  commentId: string | null;
  title: string;
  description: string;
  commentBody: string | null;
  categoryId: string;
  districtId: string | null;
  lng: number;
  lat: number;
  /** Of the target: the proposal, or the comment. */
  state: ModerationState;
  status: ProposalStatus;
  authorName: string;
  createdAt: string;
  /** People with an open report on the target. */
  reporters: number;
  reasons: Partial<Record<ReportReason, number>>;
  /** What reporters wrote (never who they are), newest first. */
  details: string[];
}

export type ModerationCommand =
  | { kind: 'proposal'; action: ProposalAction; reason: ModerationReason; note: string }
  | { kind: 'comment'; action: CommentAction; reason: ModerationReason; note: string }
  | { kind: 'status'; status: ProposalStatus; answer: string; note: string }
  | { kind: 'duplicate'; originalId: string; note: string }
  | { kind: 'correct'; categoryId: string | null; point: { lng: number; lat: number } | null; note: string };

export interface ModerationApi {
  /** Reported items and proposals awaiting publication in the caller's districts, oldest first. */
  queue(): Promise<ModerationItem[]>;
  /**
   * Proposals whose title contains `text`, newest first (≤ 20): in `districtIds` (any state the
   * caller may read), or published ones anywhere when `districtIds` is null (to pick an original).
   */
  search(text: string, districtIds: readonly string[] | null): Promise<ModerationItem[]>;
  /** Runs one action on `item` (the database checks the district, locks, logs and notifies). */
  act(item: ModerationItem, command: ModerationCommand): Promise<void>;
}

type QueueRow = Database['public']['Functions']['moderation_queue']['Returns'][number];

/** The queue's rows are a function's table (nullable columns in the generated types; the function fills each). */
function toItem(row: QueueRow): ModerationItem {
  return {
    key: row.comment_id === null ? `p${row.proposal_id}` : `c${row.comment_id}`,
    target: row.target_type === 'comment' ? 'comment' : 'proposal',
    proposalId: String(row.proposal_id),
    commentId: row.comment_id === null ? null : String(row.comment_id),
    title: row.title ?? '',
    description: row.description ?? '',
    commentBody: row.comment_body,
    categoryId: String(row.category_id),
    districtId: row.district_id === null ? null : String(row.district_id),
    lng: Number(row.lng),
    lat: Number(row.lat),
    state: row.moderation_state ?? 'published',
    status: row.status ?? 'new',
    authorName: row.author_name ?? '',
    createdAt: row.created_at ?? '',
    reporters: row.reporters ?? 0,
    reasons: reasonCounts(row.reasons),
    details: row.details ?? [],
  };
}

/** `{reason: count}` as the queue answers it, keeping the reasons the app knows. */
function reasonCounts(value: Json | null): Partial<Record<ReportReason, number>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const counts: Partial<Record<ReportReason, number>> = {};
  for (const reason of REPORT_REASONS) if (typeof value[reason] === 'number') counts[reason] = value[reason];
  return counts;
}

const SEARCH_COLUMNS =
  'proposal_id:id, title, description, category_id, district_id, lng, lat, moderation_state, status, created_at, author:profiles!proposals_author_id_fkey(display_name)';

/** `%` and `_` typed by a person are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Runs one command through its database function (each checks the district, locks, logs and notifies). */
async function run(db: DataClient, item: ModerationItem, command: ModerationCommand) {
  const id = Number(item.proposalId);
  const note = command.note.trim() ? { p_note: command.note.trim() } : {};
  switch (command.kind) {
    case 'proposal':
      return db.rpc('moderate_proposal', {
        p_proposal_id: id,
        p_action: command.action,
        p_reason: command.reason,
        ...note,
      });
    case 'comment':
      return db.rpc('moderate_comment', {
        p_comment_id: Number(item.commentId),
        p_action: command.action,
        p_reason: command.reason,
        ...note,
      });
    case 'status':
      return db.rpc('set_proposal_status', {
        p_proposal_id: id,
        p_status: command.status,
        ...(command.answer.trim() ? { p_answer: command.answer.trim() } : {}),
        ...note,
      });
    case 'duplicate':
      return db.rpc('mark_duplicate', { p_proposal_id: id, p_original_id: Number(command.originalId), ...note });
    case 'correct':
      return db.rpc('correct_proposal', {
        p_proposal_id: id,
        ...(command.categoryId === null ? {} : { p_category_id: Number(command.categoryId) }),
        ...(command.point
          ? { p_location: { type: 'Point', coordinates: [command.point.lng, command.point.lat] } }
          : {}),
        ...note,
      });
  }
}

export function createModerationApi(db: DataSource): ModerationApi {
  return {
    async queue() {
      const { data, error, status } = await db().rpc('moderation_queue');
      if (error) throw toApiError(error, status);
      return data.map(toItem);
    },
    async search(text, districtIds) {
      let query = db().from('proposals').select(SEARCH_COLUMNS).ilike('title', likePattern(text.trim()));
      query = districtIds
        ? query.in('district_id', districtIds.map(Number))
        : query.eq('moderation_state', 'published');
      const { data, error, status } = await query.order('created_at', { ascending: false }).limit(20);
      if (error) throw toApiError(error, status);
      return data.map((row) =>
        toItem({
          ...row,
          target_type: 'proposal',
          comment_id: null,
          comment_body: null,
          author_name: row.author?.display_name ?? '',
          reporters: 0,
          reasons: {},
          details: [],
          since: null,
        }),
      );
    },
    async act(item, command) {
      const { error, status } = await run(db(), item, command);
      if (error) throw toApiError(error, status);
    },
  };
}
