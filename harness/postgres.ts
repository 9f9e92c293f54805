import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

const BIN = '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (initdb refuses root). */
function run(binary: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? 'runuser' : join(BIN, binary);
  const argv = asRoot ? ['-u', 'postgres', '--', join(BIN, binary), ...args] : args;
  execFileSync(command, argv, { stdio: 'pipe' });
}

/** A PostgreSQL 15 cluster in a temp directory on a loopback port, removed on stop. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'pg15-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=300`;
  run('pg_ctl', ['-D', data, '-o', opts, '-w', '-l', join(dir, 'log'), 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await new Promise<void>((resolve) => {
        const asRoot = process.getuid?.() === 0;
        const args = ['-D', data, '-m', 'fast', '-w', 'stop'];
        const child = asRoot
          ? spawn('runuser', ['-u', 'postgres', '--', join(BIN, 'pg_ctl'), ...args], { stdio: 'ignore' })
          : spawn(join(BIN, 'pg_ctl'), args, { stdio: 'ignore' });
        child.on('exit', () => resolve());
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
