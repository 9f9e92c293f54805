import type { Api, Proposal } from '../api/index.ts';
import { AuthPrompt } from './auth-prompt.svelte.ts';
import { CommentsState } from './comments.svelte.ts';
import { DistrictsState } from './districts.svelte.ts';
import { ProposalDraft } from './draft.svelte.ts';
import { ProposalSubmission } from './proposal-submission.svelte.ts';
import { ProposalsState, type Bubbles } from './proposals.svelte.ts';
import { RolesState } from './roles.svelte.ts';
import { Route } from './route.svelte.ts';
import { SessionState } from './session.svelte.ts';
import { VotesState } from './votes.svelte.ts';

/** The proposals' texts wait for the map at most this long (no WebGL, nothing drawable). */
const TEXTS_AT_THE_LATEST_MS = 3000;

/** Every state object of the app, built once from the API (Shell.svelte); screens receive it. */
export class AppState {
  /** For screens that keep their own state (moderation, dashboard, admin). */
  readonly api: Api;
  readonly session: SessionState;
  readonly roles: RolesState;
  readonly districts: DistrictsState;
  readonly proposals: ProposalsState;
  readonly votes: VotesState;
  readonly comments: CommentsState;
  readonly route: Route;
  readonly prompt: AuthPrompt;
  readonly draft: ProposalDraft;
  readonly submission: ProposalSubmission;

  /** The proposals that pass the filters, in order: what both the map and the list show. */
  readonly visible: Proposal[];
  /** `visible` without the proposals whose text is still on its way (the list shows text). */
  readonly listed: Proposal[];
  readonly bubbles: Bubbles;
  /** The open proposal's bubble, drawn apart from the clusters. */
  readonly selected: Bubbles;
  /**
   * Lets the proposals' texts be fetched: called once the map has drawn the points or when the
   * list is shown (a phone shows the map first; 10k texts would slow its drawing down).
   */
  textsWanted!: () => void;

  constructor(api: Api, browser: { location: Location; history: History; storage: Storage; session: Storage }) {
    this.api = api;
    this.session = new SessionState(api.auth);
    this.roles = new RolesState(api.roles);
    this.districts = new DistrictsState(api.districts);
    const mapFirst = new Promise<void>((resolve) => {
      this.textsWanted = resolve;
      setTimeout(resolve, TEXTS_AT_THE_LATEST_MS);
    });
    this.proposals = new ProposalsState(api.proposals, api.categories, mapFirst);
    this.votes = new VotesState(api.proposals, this.proposals);
    this.comments = new CommentsState(api.comments);
    this.route = new Route(browser.location, browser.history);
    this.prompt = new AuthPrompt(browser.session);
    this.draft = new ProposalDraft(browser.storage);
    this.submission = new ProposalSubmission(api.photos, this.proposals, this.draft, this.route);
    this.visible = $derived(this.route.filters.apply(this.proposals.items, this.session.user?.id ?? null));
    this.listed = $derived(
      this.proposals.pending.size === 0 ? this.visible : this.visible.filter((p) => !this.proposals.pending.has(p.id)),
    );
    let drawn: Bubbles | undefined;
    this.bubbles = $derived.by(() => (drawn = this.proposals.bubbles(this.visible, drawn)));
    this.selected = $derived.by(() => {
      const open = this.route.proposalId ? this.proposals.byId.get(this.route.proposalId) : undefined;
      return this.proposals.bubbles(open ? [open] : []);
    });
  }

  /** Runs the action a visitor started before signing in (called once signed in). */
  async resume(): Promise<void> {
    const action = this.prompt.take();
    if (!action) return;
    if (action.kind === 'vote') {
      this.route.open(action.proposalId);
      await this.votes.vote(action.proposalId, action.value);
    } else if (action.kind === 'propose') {
      if (this.draft.step === 'idle') this.draft.startPlacing();
    } else {
      this.route.open(action.proposalId);
    }
  }
}
