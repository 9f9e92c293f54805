import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_ERRORS, toApiError } from './errors.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const MIGRATIONS = join(ROOT, 'supabase', 'migrations');

/** Every name the migrations raise (`message = '<name>'`). */
function raisedNames(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql'))) {
    const sql = readFileSync(join(MIGRATIONS, file), 'utf8');
    for (const match of sql.matchAll(/\bmessage\s*=\s*'([a-z_]+)'/g)) names.add(match[1]!);
  }
  return names;
}

/** The names in the first column of the "Raised by the database" table of docs/data-model.md. */
function documentedNames(): Set<string> {
  const doc = readFileSync(join(ROOT, 'docs', 'data-model.md'), 'utf8');
  const section = doc.split('### Raised by the database')[1]?.split(/\n#{2,3} /)[0] ?? '';
  const names = new Set<string>();
  for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
    for (const match of row.split('|')[1]!.matchAll(/`([a-z_]+)`/g)) names.add(match[1]!);
  }
  return names;
}

describe('the named errors', () => {
  const mapped = Object.keys(DATABASE_ERRORS).sort();

  it('are exactly the names the migrations raise', () => {
    expect(mapped).toEqual([...raisedNames()].sort());
  });

  it('are exactly the names docs/data-model.md lists', () => {
    expect(mapped).toEqual([...documentedNames()].sort());
  });
});

describe('toApiError', () => {
  it('reads a named error by its name and keeps the database sentence', () => {
    const error = toApiError(
      { code: 'P0001', message: 'voting_closed', details: 'Voting is closed for this proposal.', hint: 'city' },
      400,
    );
    expect(error).toMatchObject({ code: 'voting_closed', status: 400, detail: 'Voting is closed for this proposal.' });
  });

  it('reads a named 42501 refusal by its name, not as a plain refusal', () => {
    expect(toApiError({ code: '42501', message: 'not_moderator', details: 'No.' }, 403).code).toBe('not_moderator');
  });

  it('never guesses a refusal from the wording of a message', () => {
    const rls = { code: '42501', message: 'new row violates row-level security policy for table "votes"' };
    expect(toApiError(rls, 403).code).toBe('forbidden');
    expect(
      toApiError({ code: '23505', message: 'duplicate key "reports_one_per_person_and_proposal"' }, 409).code,
    ).toBe('invalid_input');
  });
});
