import { describe, expect, it } from 'vitest';
import { stackInfo } from '../support/clients.ts';
import { signedInUser } from '../support/users.ts';

interface Caller {
  label: string;
  token: string;
  expected: { role: string; sub: string | null };
}

/** Runs `tasks` with at most `width` in flight, in the order given. */
async function interleave<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

describe('identity isolation', () => {
  it('runs 1000 interleaved anon and authenticated REST and storage requests, none under the wrong identity', async () => {
    const { apiUrl, anonKey } = stackInfo();
    const [a, b] = await Promise.all([signedInUser('iso-a'), signedInUser('iso-b')]);
    const callers: Caller[] = [
      { label: 'anon', token: anonKey, expected: { role: 'anon', sub: null } },
      { label: 'a', token: a.accessToken, expected: { role: 'authenticated', sub: a.id } },
      { label: 'b', token: b.accessToken, expected: { role: 'authenticated', sub: b.id } },
    ];
    // Storage runs as the caller through our own per-request transactions: each user has one folder.
    for (const user of [a, b]) {
      const { error } = await user.client.storage.from('stack-test-private').upload(`${user.id}/marker.txt`, 'x');
      expect(error).toBeNull();
    }
    const rest = (caller: Caller) => async () => {
      const response = await fetch(`${apiUrl}/rest/v1/rpc/stack_test_whoami`, {
        method: 'POST',
        headers: { apikey: anonKey, authorization: `Bearer ${caller.token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      const seen = (await response.json()) as { role?: string; sub?: string | null };
      return { caller, status: response.status, seen };
    };
    const storage = (caller: Caller) => async () => {
      const response = await fetch(`${apiUrl}/storage/v1/object/list/stack-test-private`, {
        method: 'POST',
        headers: { apikey: anonKey, authorization: `Bearer ${caller.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ prefix: '', limit: 100 }),
      });
      const folders = ((await response.json()) as { name: string }[]).map((entry) => entry.name);
      // Seeing exactly one's own folder means the query ran as this caller and nobody else.
      const sub = folders.length === 1 ? folders[0] : `saw ${folders.join(',')}`;
      return { caller, status: response.status, seen: { role: caller.expected.role, sub } };
    };
    const tasks = Array.from({ length: 1000 }, (_, i) => {
      const caller = callers[(i * 7 + (i >> 3)) % callers.length]!;
      return i % 4 === 3 && caller.label !== 'anon' ? storage(caller) : rest(caller);
    });
    const results = await interleave(tasks, 24);
    const wrong = results.filter(
      (r) => r.status !== 200 || r.seen.role !== r.caller.expected.role || r.seen.sub !== r.caller.expected.sub,
    );
    expect(results).toHaveLength(1000);
    expect(new Set(results.map((r) => r.caller.label))).toEqual(new Set(['anon', 'a', 'b']));
    expect(wrong.map((r) => ({ label: r.caller.label, status: r.status, seen: r.seen }))).toEqual([]);
  });
});
