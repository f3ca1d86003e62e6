import type SQLite from 'better-sqlite3';
import { OpsError } from './errors';

export interface TableInfo {
  name: string;
  columns: string[];
  /** ORDER BY that replays rows in insertion order, so rows referring to earlier rows of the same table come after them. */
  order: string;
}

/** Bookkeeping that each database keeps for itself: the target's migrations already wrote its own. */
const OWN_BOOKKEEPING = /^(sqlite_|kysely_migration)/;

/** Tables the target derives from the others (the search index, rebuilt there): never copied. */
export const DERIVED_TABLES = new Set(['search_docs']);

interface MasterRow {
  name: string;
  sql: string | null;
}

/**
 * The application's tables, parents before children (by foreign keys). Virtual tables (full-text
 * indexes) and their shadow tables, and DERIVED_TABLES, are derived data each dialect builds for
 * itself, so they are left out.
 */
export function sqliteTables(db: SQLite.Database): TableInfo[] {
  const all = db.prepare(`select name, sql from sqlite_master where type = 'table' order by name`).all() as MasterRow[];
  const virtual = all.filter((t) => /^\s*create\s+virtual\s+table/i.test(t.sql ?? '')).map((t) => t.name);
  const tables = all
    .map((t) => t.name)
    .filter((name) => !OWN_BOOKKEEPING.test(name) && !DERIVED_TABLES.has(name) && !virtual.some((v) => name === v || name.startsWith(`${v}_`)));

  const parents = new Map<string, Set<string>>();
  for (const name of tables) {
    const refs = db.prepare(`select "table" as parent from pragma_foreign_key_list(?)`).all(name) as { parent: string }[];
    parents.set(name, new Set(refs.map((r) => r.parent).filter((p) => p !== name && tables.includes(p))));
  }

  const ordered: string[] = [];
  const pending = new Set(tables);
  while (pending.size) {
    const ready = [...pending].filter((t) => [...parents.get(t)!].every((p) => !pending.has(p)));
    if (!ready.length) throw new OpsError('schema_mismatch', `foreign keys form a cycle between ${[...pending].join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      pending.delete(t);
    }
  }

  return ordered.map((name) => {
    const info = db.prepare(`select name, pk from pragma_table_info(?) order by cid`).all(name) as { name: string; pk: number }[];
    const withoutRowid = /without\s+rowid\s*$/i.test(all.find((t) => t.name === name)?.sql ?? '');
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => `"${c.name}"`);
    return { name, columns: info.map((c) => c.name), order: withoutRowid ? pk.join(', ') : 'rowid' };
  });
}
