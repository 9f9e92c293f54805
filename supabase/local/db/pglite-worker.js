import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * Runs PGlite and its socket server in a worker thread, so that queries (synchronous WASM)
 * never block the gateway's event loop. The parent posts 'close' to shut it down cleanly.
 */
/** @type {{ dir: string, port: number }} */
const { dir, port } = workerData;
mkdirSync(dir, { recursive: true });
const db = await PGlite.create({ dataDir: dir });
// PostgREST (pool of 1) plus the stack's own pool of 2, plus one spare for tools.
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 4 });
await server.start();
parentPort?.on('message', (message) => {
  if (message !== 'close') return;
  void server
    .stop()
    .then(() => db.close())
    .then(() => parentPort?.postMessage('closed'));
});
parentPort?.postMessage('ready');
