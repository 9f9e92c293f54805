import { createServer } from 'node:net';

/**
 * Ports are drawn at random below Linux's ephemeral range (32768–60999): a port the kernel hands
 * out (`listen(0)`) can be taken by any outgoing connection before the service binds it, which
 * made parallel test files fail now and then with "address in use".
 */
const LOWEST = 20_000;
const HIGHEST = 32_767;
/** Handed out by this process already: never twice. */
const given = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port free on the loopback interface right now, outside the ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST + 1));
    if (given.has(port) || !(await bindable(port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${HIGHEST}`);
}
