import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema';

/** Stands for a value supplied at each run; found again among the compiled query's parameters. */
class Slot {
  constructor(readonly name: string) {}
}

type Compiled = { query: CompiledQuery; slots: (string | null)[] };

/**
 * A query on the hot path (every send), built and compiled once per dialect instead of on every
 * call: Kysely's builder and compiler cost more CPU than SQLite takes to run these statements.
 * `build` receives `slot(name)` in place of each value that changes between runs; everything else
 * it writes is fixed. Only plain values may be slots (not lists for `in`).
 */
export function prepared<A extends Record<string, unknown>, R>(
  build: (db: Kysely<Database>, slot: <K extends keyof A & string>(name: K) => A[K]) => Compilable<R>,
): (db: Kysely<Database>, args: A) => Promise<R[]> {
  const byAdapter = new WeakMap<object, Compiled>();
  const compile = (db: Kysely<Database>): Compiled => {
    const query = build(db, (name) => new Slot(name) as never).compile();
    const slots = query.parameters.map((p) => (p instanceof Slot ? p.name : null));
    return { query, slots };
  };
  return async (db, args) => {
    // A transaction shares its database's adapter, so both find the same compiled query.
    const adapter = db.getExecutor().adapter;
    let compiled = byAdapter.get(adapter);
    if (!compiled) byAdapter.set(adapter, (compiled = compile(db)));
    const { query, slots } = compiled;
    const parameters = slots.map((name, i) => (name === null ? query.parameters[i] : args[name]));
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };
}
