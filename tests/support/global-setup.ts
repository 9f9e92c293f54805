import { readdirSync, readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startTestStack, type TestStack } from '../../harness/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: { apiUrl: string; anonKey: string; serviceRoleKey: string; mailboxUrl: string };
  }
}

const FIXTURES = new URL('../integration/fixtures/', import.meta.url);

let running: TestStack | undefined;

/**
 * One shared stack for the integration suite, on the lane named by TEST_LANE, with every
 * `tests/integration/fixtures/*.sql` applied (test schemas, buckets and policies).
 */
export async function setup(project: TestProject): Promise<void> {
  running = await startTestStack();
  const files = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  for (const file of files) {
    await running.stack.ctx.db.pool.query(readFileSync(new URL(file, FIXTURES), 'utf8'));
  }
  await running.stack.reloadSchema();
  project.provide('stack', {
    apiUrl: running.config.apiUrl,
    anonKey: running.config.anonKey,
    serviceRoleKey: running.config.serviceRoleKey,
    mailboxUrl: running.mailboxUrl,
  });
}

export async function teardown(): Promise<void> {
  await running?.stop();
}
