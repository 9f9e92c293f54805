/// <reference lib="webworker" />
// Runs the district aggregation off the main thread. Protocol: the page posts an
// AggregateRequest; the worker answers with progress messages (index built, points placed in
// chunks of 50 000) and then one result or one error, all tagged with the request id. The index
// of the last layer is kept, so that a change of filters does not build it again.
import { aggregateByDistrict } from '../lib/geo/districts/aggregate-by-district.ts';
import type { AggregateRequest, AggregateResponse } from '../lib/aggregate-protocol.ts';
import { buildDistrictIndex } from '../lib/geo/districts/build-district-index.ts';
import type { DistrictIndex, DistrictLayer } from '../lib/geo/districts/types.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** The last layer's index: a new filter over the same layer does not clip the districts again. */
let lastIndex: { key: string; index: DistrictIndex } | null = null;

function indexFor(layer: DistrictLayer): DistrictIndex {
  const key = JSON.stringify(layer);
  if (lastIndex?.key !== key) lastIndex = { key, index: buildDistrictIndex(layer) };
  return lastIndex.index;
}
const post = (message: AggregateResponse) => scope.postMessage(message);

scope.addEventListener('message', (event: MessageEvent<AggregateRequest>) => {
  const request = event.data;
  if (request?.type !== 'aggregate') return;
  const { id } = request;
  try {
    const started = performance.now();
    post({ type: 'progress', id, phase: 'index', done: 0, total: 1 });
    const index = indexFor(request.layer);
    const indexMs = performance.now() - started;
    post({ type: 'progress', id, phase: 'index', done: 1, total: 1 });
    const result = aggregateByDistrict(request.proposals, request.votes, request.layer, request.filters, {
      ...request.options,
      index,
      onProgress: (done, total) => post({ type: 'progress', id, phase: 'assign', done, total }),
    });
    post({ type: 'result', id, result, indexMs, totalMs: performance.now() - started });
  } catch (error) {
    post({
      type: 'error',
      id,
      code: 'aggregation_failed',
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
