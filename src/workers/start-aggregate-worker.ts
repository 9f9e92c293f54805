/** The aggregation worker (aggregate.worker.ts), bundled by Vite as its own file; screens hand it to DashboardState. */
export function startAggregateWorker(): Worker {
  return new Worker(new URL('./aggregate.worker.ts', import.meta.url), { type: 'module' });
}
