import { isApiError, type ApiErrorCode, type DashboardApi, type DashboardData } from '../api/index.ts';
import type { AggregationResult, DistrictLayer } from '../geo/districts/index.ts';
import type { AggregateRequest, AggregateResponse } from '../aggregate-protocol.ts';
import { aggregateFilters, type DashboardFilters } from './dashboard-input.ts';

export type Metric = 'proposals' | 'votes' | 'net' | 'per1000';
export const METRICS: readonly Metric[] = ['proposals', 'votes', 'net', 'per1000'];

export interface AggregateProgress {
  phase: 'index' | 'assign';
  done: number;
  total: number;
}

/**
 * The planners' dashboard: the data (once), the layer (official or uploaded), the filters, and
 * the aggregation the worker computes; unique participants come from the database (counts only,
 * since the page never receives who voted).
 */
export class DashboardState {
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<ApiErrorCode | null>(null);
  data = $state.raw<DashboardData | null>(null);
  /** An uploaded division; null while the official districts are used. */
  custom = $state.raw<{ name: string; layer: DistrictLayer } | null>(null);
  filters = $state<DashboardFilters>({ categories: [], statuses: [], from: '', to: '' });
  metric = $state<Metric>('proposals');
  result = $state.raw<AggregationResult | null>(null);
  progress = $state.raw<AggregateProgress | null>(null);
  running = $state(false);

  readonly #api: DashboardApi;
  readonly #startWorker: () => Worker;
  #worker: Worker | null = null;
  #seq = 0;

  /** `startWorker`: starts the aggregation worker (src/workers/start-aggregate-worker.ts), at the first count. */
  constructor(api: DashboardApi, startWorker: () => Worker) {
    this.#api = api;
    this.#startWorker = startWorker;
  }

  async load(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      this.data = await this.#api.data();
      this.status = 'ready';
    } catch (error) {
      this.error = isApiError(error) ? error.code : 'unknown';
      this.status = 'error';
    }
  }

  /** Aggregates the data over `layer` with the current filters; a newer call supersedes this one. */
  async aggregate(layer: DistrictLayer): Promise<void> {
    const data = this.data;
    if (!data) return;
    const id = ++this.#seq;
    this.running = true;
    this.error = null;
    try {
      const result = await this.#run({
        type: 'aggregate',
        id,
        layer: $state.snapshot(layer) as DistrictLayer,
        proposals: data.proposals,
        votes: data.votes,
        filters: aggregateFilters($state.snapshot(this.filters)),
      });
      const placed = result.proposals.filter((p) => p.district !== null);
      const counts = await this.#api.participants(
        placed.map((p) => String(p.id)),
        placed.map((p) => p.district!),
      );
      if (id !== this.#seq) return;
      const districts = result.districts.map((d) => {
        const participants = counts.get(d.index) ?? 0;
        const per1000 = d.population ? (participants * 1000) / d.population : null;
        return { ...d, participants, participantsPer1000: per1000 };
      });
      this.result = { ...result, districts };
    } catch (error) {
      if (id === this.#seq) this.error = isApiError(error) ? error.code : 'unknown';
    } finally {
      if (id === this.#seq) {
        this.running = false;
        this.progress = null;
      }
    }
  }

  #run(request: AggregateRequest): Promise<AggregationResult> {
    this.#worker ??= this.#startWorker();
    const worker = this.#worker;
    return new Promise((resolve, reject) => {
      const onMessage = (event: MessageEvent<AggregateResponse>) => {
        const m = event.data;
        if (m.id !== request.id) return;
        if (m.type === 'progress') {
          if (m.id === this.#seq) this.progress = { phase: m.phase, done: m.done, total: m.total };
          return;
        }
        worker.removeEventListener('message', onMessage);
        if (m.type === 'result') resolve(m.result);
        else reject(new Error(m.message));
      };
      worker.addEventListener('message', onMessage);
      worker.postMessage(request);
    });
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#seq += 1;
  }
}
