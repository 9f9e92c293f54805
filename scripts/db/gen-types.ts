/**
 * Generates src/lib/api/database.types.ts from the schema, in the shape `supabase gen types
 * typescript` produces (Database['public']['Tables'|'Views'|'Functions'|'Enums'|'CompositeTypes'],
 * Row / Insert / Update / Relationships, helper types and Constants), by reading pg_catalog of a
 * fresh PGlite with the bootstrap and every migration applied.
 *
 * Usage: tsx scripts/db/gen-types.ts          write the file
 *        tsx scripts/db/gen-types.ts --check  exit 1 when the file is stale
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrationFiles, ROOT, SUPABASE_DIR } from './lib.ts';

const OUTPUT = join(ROOT, 'src', 'lib', 'api', 'database.types.ts');
const SCHEMA = 'public';

interface Column {
  table_name: string;
  column_name: string;
  type_name: string;
  type_schema: string;
  type_kind: string;
  element_name: string | null;
  element_schema: string | null;
  element_kind: string | null;
  not_null: boolean;
  has_default: boolean;
  identity: string;
  generated: string;
  relkind: string;
}

interface Relationship {
  table_name: string;
  conname: string;
  columns: string[];
  referenced: string;
  referenced_columns: string[];
  one_to_one: boolean;
}

interface Fn {
  name: string;
  arg_names: string[] | null;
  arg_types: string[];
  arg_modes: string[] | null;
  n_defaults: number;
  returns_set: boolean;
  return_type: string;
  return_type_schema: string;
  return_type_kind: string;
  return_relid: number;
  return_element: string | null;
}

const SCALARS: Record<string, string> = {
  bool: 'boolean',
  int2: 'number',
  int4: 'number',
  int8: 'number',
  float4: 'number',
  float8: 'number',
  numeric: 'number',
  oid: 'number',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  name: 'string',
  citext: 'string',
  uuid: 'string',
  date: 'string',
  time: 'string',
  timetz: 'string',
  timestamp: 'string',
  timestamptz: 'string',
  interval: 'string',
  inet: 'string',
  bytea: 'string',
  json: 'Json',
  jsonb: 'Json',
  void: 'undefined',
  record: 'Json',
};

function tsType(name: string, schema: string, kind: string, enums: Set<string>): string {
  if (kind === 'e' && schema === SCHEMA && enums.has(name)) return `Database["public"]["Enums"]["${name}"]`;
  return SCALARS[name] ?? 'unknown';
}

function columnType(c: Column, enums: Set<string>): string {
  if (c.element_name) return `${tsType(c.element_name, c.element_schema ?? '', c.element_kind ?? '', enums)}[]`;
  return tsType(c.type_name, c.type_schema, c.type_kind, enums);
}

const quote = (s: string): string => JSON.stringify(s);
const key = (s: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? s : quote(s));

async function readCatalog(db: PGlite) {
  const columns = (
    await db.query<Column>(
      `select c.relname as table_name, a.attname as column_name, t.typname as type_name,
              tn.nspname as type_schema, t.typtype as type_kind,
              et.typname as element_name, en.nspname as element_schema, et.typtype as element_kind,
              a.attnotnull as not_null, a.atthasdef as has_default, a.attidentity as identity,
              a.attgenerated as generated, c.relkind::text as relkind
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid
       join pg_namespace tn on tn.oid = t.typnamespace
       left join pg_type et on et.oid = t.typelem and t.typcategory = 'A'
       left join pg_namespace en on en.oid = et.typnamespace
       where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm') and a.attnum > 0 and not a.attisdropped
       order by c.relname, a.attname`,
      [SCHEMA],
    )
  ).rows;
  const relationships = (
    await db.query<Relationship>(
      `select c.relname as table_name, k.conname,
              array(select a.attname::text from unnest(k.conkey) with ordinality u (n, o)
                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.o) as columns,
              r.relname as referenced,
              array(select a.attname::text from unnest(k.confkey) with ordinality u (n, o)
                    join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.o) as referenced_columns,
              exists (select 1 from pg_index i where i.indrelid = k.conrelid and i.indisunique and i.indpred is null
                      and (select array_agg(x order by x) from unnest(i.indkey::int2[]) x)
                          = (select array_agg(x order by x) from unnest(k.conkey) x)) as one_to_one
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_class r on r.oid = k.confrelid
       join pg_namespace rn on rn.oid = r.relnamespace
       where k.contype = 'f' and n.nspname = $1 and rn.nspname = $1
       order by c.relname, k.conname`,
      [SCHEMA],
    )
  ).rows;
  const functions = (
    await db.query<Fn>(
      `select p.proname as name, p.proargnames as arg_names,
              array(select t.typname::text from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u (x, o)
                    join pg_type t on t.oid = u.x order by u.o) as arg_types,
              p.proargmodes::text[] as arg_modes, p.pronargdefaults as n_defaults, p.proretset as returns_set,
              rt.typname as return_type, rtn.nspname as return_type_schema, rt.typtype as return_type_kind,
              rt.typrelid::int as return_relid, ret.typname as return_element
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_type rt on rt.oid = p.prorettype
       join pg_namespace rtn on rtn.oid = rt.typnamespace
       left join pg_type ret on ret.oid = rt.typelem and rt.typcategory = 'A'
       where n.nspname = $1 and p.prokind = 'f' and rt.typname <> 'trigger'
         and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
       order by p.proname, p.oid`,
      [SCHEMA],
    )
  ).rows;
  const enumRows = (
    await db.query<{ name: string; labels: string[] }>(
      `select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
       from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid
       where n.nspname = $1 group by t.typname order by t.typname`,
      [SCHEMA],
    )
  ).rows;
  const relTypes = (
    await db.query<{ relid: number; name: string }>(
      `select c.oid::int as relid, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relkind in ('r', 'p', 'v')`,
      [SCHEMA],
    )
  ).rows;
  return { columns, relationships, functions, enumRows, relTypes };
}

async function generate(): Promise<string> {
  const db = await PGlite.create();
  try {
    await db.exec(readFileSync(join(SUPABASE_DIR, 'local', 'sql', 'bootstrap.sql'), 'utf8'));
    for (const file of migrationFiles()) await db.exec(readFileSync(file, 'utf8'));
    return render(await readCatalog(db));
  } finally {
    await db.close();
  }
}

function render({
  columns,
  relationships,
  functions,
  enumRows,
  relTypes,
}: Awaited<ReturnType<typeof readCatalog>>): string {
  const enums = new Set(enumRows.map((e) => e.name));
  const byTable = new Map<string, Column[]>();
  for (const c of columns) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c]);
  const tables = [...byTable.keys()].filter((t) => ['r', 'p'].includes(byTable.get(t)![0]!.relkind)).sort();
  const views = [...byTable.keys()].filter((t) => ['v', 'm'].includes(byTable.get(t)![0]!.relkind)).sort();
  const rowFields = (table: string, indent: string, forceNullable: boolean): string[] =>
    (byTable.get(table) ?? []).map((c) => {
      const nullable = forceNullable || !c.not_null;
      return `${indent}${key(c.column_name)}: ${columnType(c, enums)}${nullable ? ' | null' : ''}`;
    });

  const out: string[] = [];
  out.push('// Generated by scripts/db/gen-types.ts from supabase/migrations. Do not edit: run `npm run types:gen`.');
  out.push('export type Json =');
  out.push('  | string');
  out.push('  | number');
  out.push('  | boolean');
  out.push('  | null');
  out.push('  | { [key: string]: Json | undefined }');
  out.push('  | Json[]');
  out.push('');
  out.push('export type Database = {');
  out.push('  // Lets createClient<Database>() pick the PostgREST version without a second type argument.');
  out.push('  __InternalSupabase: {');
  out.push('    PostgrestVersion: "12"');
  out.push('  }');
  out.push('  public: {');
  out.push('    Tables: {');
  for (const table of tables) {
    const cols = byTable.get(table)!;
    out.push(`      ${key(table)}: {`);
    out.push('        Row: {');
    out.push(...rowFields(table, '          ', false));
    out.push('        }');
    for (const kind of ['Insert', 'Update'] as const) {
      out.push(`        ${kind}: {`);
      for (const c of cols) {
        const generatedAlways = c.identity === 'a' || c.generated === 's';
        const optional = kind === 'Update' || !c.not_null || c.has_default || c.identity !== '' || c.generated !== '';
        const type = generatedAlways ? 'never' : `${columnType(c, enums)}${c.not_null ? '' : ' | null'}`;
        out.push(`          ${key(c.column_name)}${optional ? '?' : ''}: ${type}`);
      }
      out.push('        }');
    }
    const rels = relationships.filter((r) => r.table_name === table);
    if (rels.length === 0) out.push('        Relationships: []');
    else {
      out.push('        Relationships: [');
      for (const r of rels) {
        out.push('          {');
        out.push(`            foreignKeyName: ${quote(r.conname)}`);
        out.push(`            columns: [${r.columns.map(quote).join(', ')}]`);
        out.push(`            isOneToOne: ${r.one_to_one}`);
        out.push(`            referencedRelation: ${quote(r.referenced)}`);
        out.push(`            referencedColumns: [${r.referenced_columns.map(quote).join(', ')}]`);
        out.push('          },');
      }
      out.push('        ]');
    }
    out.push('      }');
  }
  out.push('    }');
  out.push('    Views: {');
  if (views.length === 0) out.push('      [_ in never]: never');
  for (const view of views) {
    out.push(`      ${key(view)}: {`);
    out.push('        Row: {');
    out.push(...rowFields(view, '          ', true));
    out.push('        }');
    out.push('        Relationships: []');
    out.push('      }');
  }
  out.push('    }');
  out.push('    Functions: {');
  if (functions.length === 0) out.push('      [_ in never]: never');
  for (const fn of functions) {
    const modes = fn.arg_modes ?? fn.arg_types.map(() => 'i');
    const names = fn.arg_names ?? [];
    const inputs = fn.arg_types.map((t, i) => ({ name: names[i] ?? `arg${i}`, type: t, mode: modes[i] ?? 'i' }));
    const args = inputs.filter((a) => a.mode === 'i' || a.mode === 'b');
    const outs = inputs.filter((a) => a.mode === 't' || a.mode === 'o' || a.mode === 'b');
    const firstDefault = args.length - fn.n_defaults;
    const argType = (t: string): string =>
      t.startsWith('_')
        ? `${tsType(t.slice(1), SCHEMA, enums.has(t.slice(1)) ? 'e' : 'b', enums)}[]`
        : tsType(t, SCHEMA, enums.has(t) ? 'e' : 'b', enums);
    out.push(`      ${key(fn.name)}: {`);
    if (args.length === 0) out.push('        Args: never');
    else {
      out.push('        Args: {');
      args.forEach((a, i) => out.push(`          ${key(a.name)}${i >= firstDefault ? '?' : ''}: ${argType(a.type)}`));
      out.push('        }');
    }
    let returns: string;
    if (outs.length > 0) {
      returns = `{\n${outs.map((o) => `          ${key(o.name)}: ${argType(o.type)} | null`).join('\n')}\n        }`;
    } else if (fn.return_type_kind === 'c' && relTypes.some((r) => r.relid === fn.return_relid)) {
      const rel = relTypes.find((r) => r.relid === fn.return_relid)!.name;
      returns = `{\n${rowFields(rel, '          ', false).join('\n')}\n        }`;
    } else if (fn.return_element) {
      returns = `${tsType(fn.return_element, fn.return_type_schema, enums.has(fn.return_element) ? 'e' : 'b', enums)}[]`;
    } else {
      returns = tsType(fn.return_type, fn.return_type_schema, fn.return_type_kind, enums);
    }
    out.push(`        Returns: ${returns}${fn.returns_set ? '[]' : ''}`);
    out.push('      }');
  }
  out.push('    }');
  out.push('    Enums: {');
  if (enumRows.length === 0) out.push('      [_ in never]: never');
  for (const e of enumRows) out.push(`      ${key(e.name)}: ${e.labels.map(quote).join(' | ')}`);
  out.push('    }');
  out.push('    CompositeTypes: {');
  out.push('      [_ in never]: never');
  out.push('    }');
  out.push('  }');
  out.push('}');
  out.push('');
  out.push('type PublicSchema = Database["public"]');
  out.push('');
  out.push('/** A table\'s (or view\'s) row: Tables<"proposals">. */');
  out.push('export type Tables<T extends keyof (PublicSchema["Tables"] & PublicSchema["Views"])> =');
  out.push('  (PublicSchema["Tables"] & PublicSchema["Views"])[T] extends { Row: infer R } ? R : never');
  out.push('');
  out.push('/** What an insert into a table takes: TablesInsert<"proposals">. */');
  out.push('export type TablesInsert<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Insert"]');
  out.push('');
  out.push('/** What an update of a table takes: TablesUpdate<"proposals">. */');
  out.push('export type TablesUpdate<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Update"]');
  out.push('');
  out.push('export type Enums<T extends keyof PublicSchema["Enums"]> = PublicSchema["Enums"][T]');
  out.push('');
  out.push(
    'export type CompositeTypes<T extends keyof PublicSchema["CompositeTypes"]> = PublicSchema["CompositeTypes"][T]',
  );
  out.push('');
  out.push('export const Constants = {');
  out.push('  public: {');
  out.push('    Enums: {');
  for (const e of enumRows) out.push(`      ${key(e.name)}: [${e.labels.map(quote).join(', ')}],`);
  out.push('    },');
  out.push('  },');
  out.push('} as const');
  out.push('');
  return out.join('\n');
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const text = await generate();
  if (check) {
    const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      console.error(`${OUTPUT} is stale: run \`npm run types:gen\` and commit the result.`);
      return 1;
    }
    console.log('database types are up to date');
    return 0;
  }
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
