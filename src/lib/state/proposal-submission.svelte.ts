import { isApiError, type ApiErrorCode, type PhotosApi } from '../api/index.ts';
import type { ProposalDraft } from './draft.svelte.ts';
import type { ProposalsState } from './proposals.svelte.ts';
import type { Route } from './route.svelte.ts';

/**
 * Sending the proposal being written: the photo first (with its progress), then the proposal;
 * once stored, the draft is cleared and the new proposal opens with no filter hiding it. A refusal
 * at either step keeps the draft as it is, with the reason in `error`.
 */
export class ProposalSubmission {
  /** Share of the photo sent while it uploads, else null. */
  progress = $state<number | null>(null);
  #uploadError = $state<ApiErrorCode | null>(null);

  readonly #photos: PhotosApi;
  readonly #proposals: ProposalsState;
  readonly #draft: ProposalDraft;
  readonly #route: Route;

  constructor(photos: PhotosApi, proposals: ProposalsState, draft: ProposalDraft, route: Route) {
    this.#photos = photos;
    this.#proposals = proposals;
    this.#draft = draft;
    this.#route = route;
  }

  get sending(): boolean {
    return this.#proposals.sending || this.progress !== null;
  }

  get error(): ApiErrorCode | null {
    return this.#uploadError ?? this.#proposals.sendError;
  }

  async send(): Promise<void> {
    const draft = this.#draft;
    if (draft.lng === null || draft.lat === null || this.sending) return;
    this.#uploadError = null;
    const photoPath = draft.photo ? await this.#upload(draft.photo) : null;
    if (draft.photo && !photoPath) return;
    const created = await this.#proposals.create({
      title: draft.title,
      description: draft.description,
      categoryId: draft.categoryId,
      lng: draft.lng,
      lat: draft.lat,
      photoPath,
    });
    if (!created) return;
    draft.reset();
    this.#route.filters.clear();
    this.#route.open(created.id);
  }

  async #upload(photo: Blob): Promise<string | null> {
    this.progress = 0;
    try {
      return await this.#photos.upload(photo, (fraction) => (this.progress = fraction));
    } catch (error) {
      this.#uploadError = isApiError(error) ? error.code : 'unknown';
      return null;
    } finally {
      this.progress = null;
    }
  }
}
