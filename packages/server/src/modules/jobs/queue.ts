import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import type { Dialect } from '../../db/database';
import type { Database } from '../../db/schema';
import { type Backoff, backoffMs } from './backoff';
import type { JobsTable } from './tables';

export type JobRow = Selectable<JobsTable>;

export interface JobInfo {
  id: string;
  kind: string;
  /** 1 on the first try. */
  attempt: number;
}

export type JobHandler<P = unknown> = (payload: P, job: JobInfo) => Promise<void>;

export interface JobKindOptions {
  /** Tries before the job is given up on (default 5). */
  maxAttempts?: number;
  backoff?: Partial<Backoff>;
  /** Errors that trying again will not fix (a mail server's 5xx): the job fails at once. */
  isPermanent?: (err: unknown) => boolean;
}

export interface EnqueueInput<P = unknown> {
  kind: string;
  payload: P;
  /** Unique per job: a second enqueue with the same key (from any node) is a no-op. Default: a fresh key. */
  dedupeKey?: string;
  /** Not before this time (default now). */
  runAt?: number;
}

export interface JobQueueOptions {
  /** How often an idle node looks for due jobs (enqueues on this node wake it at once). */
  pollMs: number;
  /** How long a claim holds without renewal; a dead claimer's jobs are taken over after it. */
  leaseMs: number;
  /** Jobs run at once on this node. */
  concurrency: number;
  /** Finished rows are kept this long so that their dedupe keys still refuse a repeat. */
  retentionMs: number;
}

interface Kind {
  handler: JobHandler;
  maxAttempts: number;
  backoff: Backoff;
  isPermanent: (err: unknown) => boolean;
  done: number;
  failed: number;
}

const DEFAULT_BACKOFF: Backoff = { baseMs: 2_000, maxMs: 15 * 60_000 };
const PRUNE_EVERY_MS = 10 * 60_000;
const MAX_ERROR_CHARS = 500;

/**
 * A durable queue in the database (ADR 0013): each due job is claimed by one node under a lease
 * that the node renews while the job runs, retried with jittered exponential backoff, and failed
 * for good after its last attempt. Handlers are registered per kind; a node claims only the kinds
 * it has handlers for.
 */
export class JobQueue {
  private readonly kinds = new Map<string, Kind>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private poller: NodeJS.Timeout | null = null;
  private renewer: NodeJS.Timeout | null = null;
  private pumping = false;
  /** The claim in progress, which close() lets finish so that what it claimed is run or waited for. */
  private pumped: Promise<void> = Promise.resolve();
  private again = false;
  private started = false;
  private closed = false;
  private lastPruneAt = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    readonly nodeId: string,
    private readonly opts: JobQueueOptions,
    readonly log: FastifyBaseLogger,
    private readonly now: () => number,
  ) {}

  register<P>(kind: string, handler: JobHandler<P>, options: JobKindOptions = {}): void {
    if (this.kinds.has(kind)) throw new Error(`a handler for job kind ${kind} is already registered`);
    this.kinds.set(kind, {
      handler: handler as JobHandler,
      maxAttempts: options.maxAttempts ?? 5,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      isPermanent: options.isPermanent ?? (() => false),
      done: 0,
      failed: 0,
    });
    this.wake();
  }

  /**
   * Stores the job (in `executor`'s transaction when one is given) and wakes this node's runner.
   * Resolves to false when a job with the same dedupe key already exists, finished or not.
   */
  async enqueue<P>(input: EnqueueInput<P>, executor: Kysely<Database> = this.db): Promise<boolean> {
    const now = this.now();
    const id = randomBytes(12).toString('base64url');
    const result = await executor
      .insertInto('jobs')
      .values({
        id,
        kind: input.kind,
        dedupe_key: input.dedupeKey ?? `${input.kind}:${id}`,
        payload: JSON.stringify(input.payload),
        status: 'pending',
        run_at: input.runAt ?? now,
        attempts: 0,
        max_attempts: this.kinds.get(input.kind)?.maxAttempts ?? 5,
        created_at: now,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    const inserted = Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    if (inserted) this.wakeAt(input.runAt ?? now);
    return inserted;
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.poller = setInterval(() => this.tick(), this.opts.pollMs);
    this.poller.unref();
    this.renewer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.opts.leaseMs / 3)));
    this.renewer.unref();
    this.wake();
  }

  /** Looks for due jobs now (coalesced: many wakes in one turn make one claim). */
  wake(): void {
    if (!this.started || this.closed) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    this.pumped = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.pump());
  }

  /** Jobs of these kinds finished or failed on this node since it started. */
  stats(kind: string): { done: number; failed: number } {
    const k = this.kinds.get(kind);
    return { done: k?.done ?? 0, failed: k?.failed ?? 0 };
  }

  /** Pending jobs of these kinds, on any node (with `dueOnly`, only those due by now). */
  async pendingCount(kinds: string[], opts: { dueOnly?: boolean } = {}): Promise<number> {
    let q = this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('status', '=', 'pending')
      .where('kind', 'in', kinds);
    if (opts.dueOnly) q = q.where('run_at', '<=', this.now());
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Resolves once no job of these kinds is pending anywhere (with `dueOnly`: due) or running here. */
  async idle(kinds: string[], opts: { dueOnly?: boolean } = {}): Promise<void> {
    while (!this.closed && (this.running.size > 0 || (await this.pendingCount(kinds, opts)) > 0)) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Claims up to `limit` due jobs of the kinds this node handles, in one statement: on PostgreSQL
   * the candidate rows are locked with SKIP LOCKED so concurrent claimers take disjoint sets; on
   * SQLite the single UPDATE … RETURNING holds the database's write lock.
   */
  async claim(limit: number): Promise<JobRow[]> {
    const kinds = [...this.kinds.keys()];
    if (kinds.length === 0 || limit <= 0) return [];
    const now = this.now();
    const candidates = () =>
      this.db
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'pending')
        .where('run_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
        .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
        .where('kind', 'in', kinds)
        .orderBy('run_at');
    // Most polls find nothing: a plain read of the index answers that without taking a write lock.
    if (!(await candidates().limit(1).executeTakeFirst())) return [];
    let due = candidates().limit(limit);
    if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
    return this.db
      .updateTable('jobs')
      .set((eb) => ({ claimed_by: this.nodeId, claimed_until: now + this.opts.leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
  }

  /** Stops claiming, then gives running jobs up to `waitMs`; any still running keep their lease until it lapses. */
  async close(waitMs: number): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.pumped;
    if (this.running.size === 0) {
      if (this.renewer) clearInterval(this.renewer);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running.values()]),
      new Promise((r) => {
        timer = setTimeout(r, waitMs);
      }),
    ]);
    clearTimeout(timer);
    if (this.renewer) clearInterval(this.renewer);
    if (this.running.size > 0) this.log.warn({ jobs: this.running.size }, 'shutting down with jobs still running; another node takes them over when their lease lapses');
  }

  private wakeAt(at: number): void {
    const delay = at - this.now();
    if (delay <= 0) return this.wake();
    // Retries due sooner than the next poll run on time; later ones are found by the poll.
    if (delay >= this.opts.pollMs || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.wake();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private tick(): void {
    this.wake();
    if (this.now() - this.lastPruneAt >= PRUNE_EVERY_MS) {
      this.lastPruneAt = this.now();
      void this.housekeep().catch((err: unknown) => this.log.warn({ err }, 'job housekeeping failed'));
    }
  }

  private async pump(): Promise<void> {
    try {
      while (!this.closed) {
        const free = this.opts.concurrency - this.running.size;
        if (free <= 0) break;
        const jobs = await this.claim(free);
        for (const job of jobs) this.run(job);
        if (jobs.length < free) break;
      }
    } catch (err) {
      if (!this.closed) this.log.warn({ err }, 'claiming due jobs failed; the next poll tries again');
    } finally {
      this.pumping = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    }
  }

  private run(job: JobRow): void {
    const task = this.execute(job)
      .catch((err: unknown) => this.log.warn({ err, job: job.id, kind: job.kind }, 'recording a job outcome failed; its lease will lapse and it runs again'))
      .finally(() => {
        this.running.delete(job.id);
        this.wake();
      });
    this.running.set(job.id, task);
  }

  private async execute(job: JobRow): Promise<void> {
    const kind = this.kinds.get(job.kind);
    if (!kind) return;
    const info: JobInfo = { id: job.id, kind: job.kind, attempt: job.attempts };
    try {
      await kind.handler(JSON.parse(job.payload) as unknown, info);
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_CHARS);
      if (kind.isPermanent(err) || job.attempts >= job.max_attempts) {
        if (await this.settle(job, { status: 'failed', last_error: reason })) kind.failed++;
        this.log.error({ job: job.id, kind: job.kind, attempts: job.attempts, reason }, 'job failed; giving up');
        return;
      }
      const runAt = this.now() + backoffMs(job.attempts, kind.backoff);
      await this.mine(job)
        .set({ run_at: runAt, claimed_by: null, claimed_until: null, last_error: reason })
        .execute();
      this.log.warn({ job: job.id, kind: job.kind, attempt: job.attempts, retryInMs: runAt - this.now(), reason }, 'job failed; will retry');
      this.wakeAt(runAt);
      return;
    }
    if (await this.settle(job, { status: 'done', last_error: null })) kind.done++;
  }

  /** The job's row, if this node's claim on it still stands. */
  private mine(job: JobRow) {
    return this.db
      .updateTable('jobs')
      .where('id', '=', job.id)
      .where('claimed_by', '=', this.nodeId)
      .where('attempts', '=', job.attempts)
      .where('status', '=', 'pending');
  }

  /** Payloads are dropped once finished: a mail's holds the secret link it carried. */
  private async settle(job: JobRow, outcome: { status: 'done' | 'failed'; last_error: string | null }): Promise<boolean> {
    const result = await this.mine(job)
      .set({ ...outcome, payload: '{}', claimed_by: null, claimed_until: null, finished_at: this.now() })
      .executeTakeFirst();
    const settled = Number(result.numUpdatedRows) > 0;
    if (!settled) this.log.warn({ job: job.id, kind: job.kind }, 'job finished after its lease was lost');
    return settled;
  }

  private async renew(): Promise<void> {
    if (this.running.size === 0) return;
    try {
      await this.db
        .updateTable('jobs')
        .set({ claimed_until: this.now() + this.opts.leaseMs })
        .where('claimed_by', '=', this.nodeId)
        .where('status', '=', 'pending')
        .where('id', 'in', [...this.running.keys()])
        .execute();
    } catch (err) {
      this.log.warn({ err }, 'renewing job leases failed');
    }
  }

  /** Fails jobs whose last claimer died, and forgets finished ones past the dedupe window. */
  async housekeep(): Promise<void> {
    const now = this.now();
    await this.db
      .updateTable('jobs')
      .set({ status: 'failed', payload: '{}', last_error: 'claimer stopped answering on the last attempt', claimed_by: null, claimed_until: null, finished_at: now })
      .where('status', '=', 'pending')
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .where('claimed_until', '<=', now)
      .execute();
    await this.db
      .deleteFrom('jobs')
      .where('status', '!=', 'pending')
      .where('finished_at', '<', now - this.opts.retentionMs)
      .execute();
  }
}
