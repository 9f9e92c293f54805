/**
 * The `filter` of a postgres_changes binding, as supabase-js writes it: `column=op.value` with
 * op one of eq, neq, lt, lte, gt, gte, in (`in.(a,b)`), is (`is.null`, `is.true`, `is.false`).
 * It is evaluated on the change's record, as Supabase does, by comparing text forms (numbers
 * numerically when both sides are numbers).
 */
export type Operator = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'is';

export interface RowFilter {
  column: string;
  operator: Operator;
  values: string[];
}

const OPERATORS = new Set<Operator>(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'is']);

export class FilterError extends Error {}

export function parseFilter(filter: string): RowFilter {
  const match = /^([^=]+)=([a-z]+)\.(.*)$/s.exec(filter);
  if (!match) throw new FilterError(`Error parsing \`filter\` params: ${filter}`);
  const [, column, operator, value] = match as unknown as [string, string, string, string];
  if (!OPERATORS.has(operator as Operator)) throw new FilterError(`Invalid filter operator: ${operator}`);
  if (operator === 'in') {
    const list = /^\((.*)\)$/s.exec(value);
    if (!list) throw new FilterError(`Error parsing \`filter\` params: ${filter}`);
    const values = list[1]!.split(',').map((item) => item.trim().replace(/^"(.*)"$/s, '$1'));
    if (values.length > 100) throw new FilterError('Too many values for the `in` filter (at most 100)');
    return { column, operator: 'in', values };
  }
  if (operator === 'is' && !['null', 'true', 'false'].includes(value.toLowerCase())) {
    throw new FilterError(`Invalid value for the \`is\` filter: ${value}`);
  }
  return { column, operator: operator as Operator, values: [value] };
}

function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function compare(actual: string, expected: string): number {
  const a = Number(actual);
  const b = Number(expected);
  if (actual.trim() !== '' && expected.trim() !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b;
  return actual < expected ? -1 : actual > expected ? 1 : 0;
}

/** Whether `row` passes the filter; a missing column never matches (except `is.null`). */
export function matches(filter: RowFilter, row: Record<string, unknown>): boolean {
  const actual = textOf(row[filter.column]);
  const expected = filter.values[0]!;
  if (filter.operator === 'is') {
    if (expected.toLowerCase() === 'null') return actual === null;
    return actual === expected.toLowerCase();
  }
  if (actual === null) return false;
  switch (filter.operator) {
    case 'eq':
      return compare(actual, expected) === 0;
    case 'neq':
      return compare(actual, expected) !== 0;
    case 'lt':
      return compare(actual, expected) < 0;
    case 'lte':
      return compare(actual, expected) <= 0;
    case 'gt':
      return compare(actual, expected) > 0;
    case 'gte':
      return compare(actual, expected) >= 0;
    case 'in':
      return filter.values.some((value) => compare(actual, value) === 0);
  }
}
