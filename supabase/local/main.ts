import { loadConfig } from './config.ts';
import { edgeLabel, startStack } from './stack.ts';

/** `npm run stack`: the local Supabase stand-in alone, until Ctrl-C. */
const config = loadConfig();
const stack = await startStack(config);
console.log(
  `API      ${config.apiUrl}  (ready in ${stack.readyInMs} ms, ${stack.ctx.db.kind}, ${edgeLabel(stack.edge)})`,
);
console.log(`Mailbox  http://${config.host}:${config.mailboxPort}`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
