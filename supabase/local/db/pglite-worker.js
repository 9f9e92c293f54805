import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

/**
 * Runs PGlite and a wire-protocol server for it in a worker thread, so that queries (synchronous
 * WASM) never block the gateway's event loop. The parent posts 'close' to shut it down cleanly.
 * Plain JavaScript: workers cannot load TypeScript through tsx on Node 20.
 */

const READY_FOR_QUERY = 0x5a; // 'Z', followed by int32 length 5 and the transaction status
const IDLE = 0x49; // 'I': not in a transaction

/**
 * PGlite has one session, shared by every connection. pglite-socket's own queue keeps
 * transactions together but lets another connection slip in between the messages of one
 * extended-protocol exchange (Parse … Sync), which then fails with "unnamed prepared statement
 * does not exist". This queue gives the session to one connection from its first message until
 * PGlite answers ReadyForQuery with status idle: a whole exchange, or a whole transaction.
 */
class ExchangeQueue {
  /** @param {PGlite} db */
  constructor(db) {
    this.db = db;
    /** @type {{ handlerId: number, message: Uint8Array, onData: (d: Uint8Array) => void, resolve: (n: number) => void, reject: (e: unknown) => void }[]} */
    this.queue = [];
    /** @type {number | null} the connection that holds the session */
    this.owner = null;
    this.running = false;
  }

  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.drain();
    });
  }

  async drain() {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === this.owner);
        if (index < 0 || this.queue.length === 0) break;
        const [item] = this.queue.splice(index, 1);
        this.owner = item.handlerId;
        let tail = new Uint8Array(0);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (chunk) => {
                bytes += chunk.length;
                const joined = new Uint8Array(tail.length + chunk.length);
                joined.set(tail);
                joined.set(chunk, tail.length);
                tail = joined.slice(-6);
                item.onData(chunk);
              },
            }),
          );
          const idle = tail.length === 6 && tail[0] === READY_FOR_QUERY && tail[5] === IDLE;
          if (idle && !this.db.isInTransaction()) this.owner = null;
          item.resolve(bytes);
        } catch (error) {
          item.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  getQueueLength() {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId) {
    this.queue = this.queue.filter((item) => item.handlerId !== handlerId);
  }

  /** A connection that goes away mid-exchange must not keep the session. */
  async clearTransactionIfNeeded(handlerId) {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('rollback').catch(() => undefined);
    this.owner = null;
    void this.drain();
  }
}

/** @type {{ dir: string, port: number }} */
const { dir, port } = workerData;
mkdirSync(dir, { recursive: true });
const db = await PGlite.create({ dataDir: dir });
const queryQueue = new ExchangeQueue(db);
/** @type {Set<PGLiteSocketHandler>} */
const handlers = new Set();
const server = createServer((socket) => {
  socket.setNoDelay(true);
  const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
  handlers.add(handler);
  const forget = () => handlers.delete(handler);
  handler.addEventListener('close', forget);
  handler.addEventListener('error', forget);
  handler.attach(socket).catch(() => socket.destroy());
});
await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));

parentPort?.on('message', (message) => {
  if (message !== 'close') return;
  server.close();
  void Promise.all([...handlers].map((handler) => handler.detach(true)))
    .then(() => db.close())
    .then(() => parentPort?.postMessage('closed'));
});
parentPort?.postMessage('ready');
