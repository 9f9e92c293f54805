import { isApiError, type ApiErrorCode, type Comment, type CommentsApi, type NewReport } from '../api/index.ts';
import type { LoadStatus } from './districts.svelte.ts';

/** The comments of the open proposal, writing one, and reporting. */
export class CommentsState {
  proposalId = $state<string | null>(null);
  items = $state.raw<Comment[]>([]);
  status = $state<LoadStatus>('idle');
  error = $state<ApiErrorCode | null>(null);
  sending = $state(false);
  sendError = $state<ApiErrorCode | null>(null);

  readonly #api: CommentsApi;

  constructor(api: CommentsApi) {
    this.#api = api;
  }

  async load(proposalId: string): Promise<void> {
    this.proposalId = proposalId;
    this.status = 'loading';
    this.error = null;
    this.sendError = null;
    try {
      const items = await this.#api.list(proposalId);
      if (this.proposalId === proposalId) {
        this.items = items;
        this.status = 'ready';
      }
    } catch (error) {
      this.items = [];
      this.error = isApiError(error) ? error.code : 'unknown';
      this.status = 'error';
    }
  }

  /** Resolves true once the comment is stored (and shown). */
  async add(body: string): Promise<boolean> {
    const proposalId = this.proposalId;
    if (!proposalId || this.sending) return false;
    this.sending = true;
    this.sendError = null;
    try {
      const comment = await this.#api.add(proposalId, body);
      this.items = [...this.items, comment];
      return true;
    } catch (error) {
      this.sendError = isApiError(error) ? error.code : 'unknown';
      return false;
    } finally {
      this.sending = false;
    }
  }

  /** Resolves null when the report was sent, or the reason it was not. */
  async report(report: NewReport): Promise<ApiErrorCode | null> {
    try {
      await this.#api.report(report);
      return null;
    } catch (error) {
      return isApiError(error) ? error.code : 'unknown';
    }
  }
}
