/**
 * The subset of TOML that the Supabase CLI's config.toml uses: `[table.headers]`, `key = value`
 * with strings, integers, floats, booleans and (possibly multi-line) arrays of them, and comments.
 * Anything else is refused with the line number, so that a typo never passes silently.
 */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

class TomlError extends Error {
  constructor(line: number, message: string) {
    super(`config.toml line ${line}: ${message}`);
  }
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** Splits `a.b."c d"` into its keys. */
function keyPath(text: string, line: number): string[] {
  const keys: string[] = [];
  for (const part of text.match(/"[^"]*"|[^.]+/g) ?? []) {
    const key = part.trim();
    if (key.startsWith('"')) keys.push(key.slice(1, -1));
    else if (BARE_KEY.test(key)) keys.push(key);
    else throw new TomlError(line, `invalid key "${key}"`);
  }
  if (keys.length === 0) throw new TomlError(line, 'missing key');
  return keys;
}

/** Reads one value at the start of `text`; returns it and what follows. */
function readValue(text: string, line: number): [TomlValue, string] {
  const basic = /^"((?:[^"\\]|\\.)*)"/.exec(text);
  if (basic) return [JSON.parse(`"${basic[1]}"`) as string, text.slice(basic[0].length)];
  const literal = /^'([^']*)'/.exec(text);
  if (literal) return [literal[1]!, text.slice(literal[0].length)];
  const word = /^(true|false|[+-]?\d[\d_]*(\.\d+)?([eE][+-]?\d+)?)(?=[\s,\]#]|$)/.exec(text);
  if (word) {
    const value = word[1] === 'true' ? true : word[1] === 'false' ? false : Number(word[1]!.replaceAll('_', ''));
    return [value, text.slice(word[0].length)];
  }
  if (text.startsWith('[')) {
    const items: TomlValue[] = [];
    let rest = text.slice(1).trimStart();
    while (!rest.startsWith(']')) {
      if (rest === '') throw new TomlError(line, 'unclosed array');
      const [item, after] = readValue(rest, line);
      items.push(item);
      rest = after.trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
      else if (!rest.startsWith(']')) throw new TomlError(line, 'expected "," or "]" in array');
    }
    return [items, rest.slice(1)];
  }
  throw new TomlError(line, `unsupported value: ${text.slice(0, 20)}`);
}

/** Removes a comment that is not inside a string. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\' && quote === '"') i += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#') return text.slice(0, i);
  }
  return text;
}

function tableAt(root: TomlTable, keys: string[], line: number): TomlTable {
  let table = root;
  for (const key of keys) {
    const next = (table[key] ??= {});
    if (typeof next !== 'object' || Array.isArray(next)) throw new TomlError(line, `"${key}" is not a table`);
    table = next;
  }
  return table;
}

export function parseToml(source: string): TomlTable {
  const root: TomlTable = {};
  let table = root;
  const lines = source.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const lineNumber = index + 1;
    const text = stripComment(lines[index]!).trim();
    if (text === '') continue;
    const header = /^\[([^[\]]+)\]$/.exec(text);
    if (header) {
      table = tableAt(root, keyPath(header[1]!, lineNumber), lineNumber);
      continue;
    }
    const equals = text.indexOf('=');
    if (equals < 1) throw new TomlError(lineNumber, 'expected key = value');
    const keys = keyPath(text.slice(0, equals), lineNumber);
    let valueText = text.slice(equals + 1).trim();
    // A multi-line array: gather lines until the brackets balance.
    while (valueText.startsWith('[') && depthOf(valueText) > 0 && index + 1 < lines.length) {
      index += 1;
      valueText += ' ' + stripComment(lines[index]!).trim();
    }
    const [value, rest] = readValue(valueText, lineNumber);
    if (rest.trim() !== '') throw new TomlError(lineNumber, `unexpected "${rest.trim()}"`);
    const owner = tableAt(table, keys.slice(0, -1), lineNumber);
    const last = keys.at(-1)!;
    if (Object.hasOwn(owner, last)) throw new TomlError(lineNumber, `duplicate key "${last}"`);
    owner[last] = value;
  }
  return root;
}

/** Open brackets minus closed ones, outside strings. */
function depthOf(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\' && quote === '"') i += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[') depth += 1;
    else if (char === ']') depth -= 1;
  }
  return depth;
}
