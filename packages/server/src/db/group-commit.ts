import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from './database';
import type { Database } from './schema';

type Work<T> = (trx: Transaction<Database>) => Promise<T>;
interface Job {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Queue {
  jobs: Job[];
  scheduled: boolean;
  /** When the last shared commit started (ms, monotonic). */
  lastFlushAt: number;
}

/** Commits waiting to share one transaction, per SQLite database. */
const queues = new WeakMap<Kysely<Database>, Queue>();
/** The least time between two shared commits on a database; see pace(). */
const intervals = new WeakMap<Kysely<Database>, number>();

/**
 * Sets the pacing of shared commits on a SQLite database. Each commit costs a disk sync whatever it
 * carries, so under load commits are spaced at least `ms` apart and the sends arriving meanwhile
 * share the next one; a send arriving after a quiet spell is committed at once.
 */
export function pace(db: Kysely<Database>, ms: number): void {
  intervals.set(db, ms);
}

/**
 * Runs `work` in a transaction that commits before the promise settles. On SQLite, with its one
 * connection and a sync of the log at every commit, the writes that arrive together (within one
 * turn of the event loop) share a single transaction and a single sync: each in its own savepoint,
 * so one that fails is rolled back alone, in arrival order, so sequences stay gapless. Nobody is
 * answered before the shared commit; if it fails, every job in it fails. PostgreSQL commits
 * concurrently on its own, so there each write keeps its own transaction.
 */
export function commitTogether<T>(db: Kysely<Database>, dialect: Dialect, work: Work<T>): Promise<T> {
  if (dialect !== 'sqlite') return db.transaction().execute(work);
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { jobs: [], scheduled: false, lastFlushAt: -Infinity }));
  const q = queue;
  return new Promise<T>((resolve, reject) => {
    q.jobs.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (q.scheduled) return;
    q.scheduled = true;
    const run = () => {
      q.scheduled = false;
      q.lastFlushAt = performance.now();
      const jobs = q.jobs.splice(0);
      void flush(db, jobs);
    };
    const wait = q.lastFlushAt + (intervals.get(db) ?? 0) - performance.now();
    if (wait >= 1) setTimeout(run, wait);
    else setImmediate(run);
  });
}

const SAVEPOINT = CompiledQuery.raw('savepoint natter_send');
const RELEASE = CompiledQuery.raw('release savepoint natter_send');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint natter_send');

async function flush(db: Kysely<Database>, jobs: Job[]): Promise<void> {
  if (jobs.length === 1) {
    const [job] = jobs as [Job];
    await db.transaction().execute(job.work).then(job.resolve, job.reject);
    return;
  }
  const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      for (const job of jobs) {
        await trx.executeQuery(SAVEPOINT);
        try {
          outcomes.push({ ok: true, value: await job.work(trx) });
          await trx.executeQuery(RELEASE);
        } catch (err) {
          try {
            await trx.executeQuery(ROLLBACK_TO);
            await trx.executeQuery(RELEASE);
          } catch {
            // SQLite rolled the whole transaction back (disk full): every job fails with the cause.
            throw err;
          }
          outcomes.push({ ok: false, err });
        }
      }
    });
  } catch (err) {
    for (const job of jobs) job.reject(err);
    return;
  }
  jobs.forEach((job, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.err);
  });
}
