// The messages between the page (lib/state/dashboard.svelte.ts) and the aggregation worker
// (src/workers/aggregate.worker.ts): both import them from here, so neither imports the other.
import type {
  AggregateFilters,
  AggregateProposal,
  AggregateVote,
  AggregationResult,
  IntegrityOptions,
} from './geo/districts/aggregate-types.ts';
import type { DistrictLayer } from './geo/districts/types.ts';

export interface AggregateRequest {
  type: 'aggregate';
  id: number;
  layer: DistrictLayer;
  proposals: AggregateProposal[];
  votes: AggregateVote[] | null;
  filters: AggregateFilters;
  options?: IntegrityOptions;
}

export type AggregateResponse =
  | { type: 'progress'; id: number; phase: 'index' | 'assign'; done: number; total: number }
  | { type: 'result'; id: number; result: AggregationResult; indexMs: number; totalMs: number }
  | { type: 'error'; id: number; code: 'aggregation_failed'; message: string };
