import type { QueryData } from '@supabase/supabase-js';
import type { DataClient, DataSource } from './client.ts';
import { toApiError } from './errors.ts';
import type { Comment, NewReport } from './types.ts';

export interface CommentsApi {
  /** The comments of a proposal the caller may read, oldest first. */
  list(proposalId: string): Promise<Comment[]>;
  add(proposalId: string, body: string): Promise<Comment>;
  /** Flags a proposal or one of its comments; `already_reported` if this person did before. */
  report(report: NewReport): Promise<void>;
}

const COLUMNS = 'id, proposal_id, author_id, body, created_at, author:profiles!comments_author_id_fkey(display_name)';

const selectComments = (db: DataClient) => db.from('comments').select(COLUMNS);
type CommentRow = QueryData<ReturnType<typeof selectComments>>[number];

function toComment(row: CommentRow): Comment {
  return {
    id: String(row.id),
    proposalId: String(row.proposal_id),
    authorId: row.author_id,
    authorName: row.author?.display_name ?? '',
    body: row.body,
    createdAt: row.created_at,
  };
}

export function createCommentsApi(db: DataSource): CommentsApi {
  return {
    async list(proposalId) {
      const { data, error, status } = await selectComments(db())
        .eq('proposal_id', Number(proposalId))
        .eq('moderation_state', 'published')
        .order('created_at')
        .order('id');
      if (error) throw toApiError(error, status);
      return data.map(toComment);
    },
    async add(proposalId, body) {
      const { data, error, status } = await db()
        .from('comments')
        .insert({ proposal_id: Number(proposalId), body: body.trim() })
        .select(COLUMNS)
        .single();
      if (error) throw toApiError(error, status);
      return toComment(data);
    },
    async report({ proposalId, commentId, reason, details }) {
      // No `select` after the insert: a reporter may not read the report back in every case.
      const { error, status } = await db()
        .from('reports')
        .insert({
          proposal_id: Number(proposalId),
          comment_id: commentId ? Number(commentId) : null,
          reason,
          details: details.trim(),
        });
      if (error) throw toApiError(error, status);
    },
  };
}
