import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import { isStorageFull } from '../http/errors';

/** The two places a write can find no space: uploaded bytes, and the database. */
export type Store = 'files' | 'database';

interface FullState {
  /** What is full, for the log and for `/api/ready`: a path, or the PostgreSQL database. */
  what: string;
  /** A directory whose free space this node can measure; null for a PostgreSQL server elsewhere. */
  dir: string | null;
  since: number;
  lastFailureAt: number;
}

/** With no directory to measure (PostgreSQL), writes are let through again this long after the last failure. */
export const REMOTE_RETRY_MS = 10_000;
const RECHECK_EVERY_MS = 5_000;
const ON_DEMAND_MIN_GAP_MS = 1_000;

/**
 * Remembers that a write found the disk full, so `/api/ready` can say so, and notices by itself when
 * space returns: a successful write of that store clears it at once; otherwise free space is measured
 * (statfs) every few seconds and when readiness is asked. See ADR 0009.
 */
export class StorageHealth {
  private readonly full = new Map<Store, FullState>();
  private timer: NodeJS.Timeout | null = null;
  private lastCheckAt = 0;

  constructor(
    private readonly targets: Record<Store, { what: string; dir: string | null }>,
    private readonly minFreeBytes: number,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {}

  static fromConfig(config: Config, log: FastifyBaseLogger): StorageHealth {
    const files = config.ops.s3
      ? { what: `the upload spool ${config.dataDir}/spool`, dir: config.dataDir }
      : { what: `the uploads directory ${config.uploads.dir}`, dir: config.dataDir };
    const db = config.database;
    const database = db.kind === 'sqlite'
      ? { what: `the SQLite database ${db.file}`, dir: path.dirname(db.file) }
      : { what: `the PostgreSQL database ${describePostgres(db.url)}`, dir: null };
    return new StorageHealth({ files, database }, config.ops.storageMinFreeBytes, log);
  }

  /**
   * Looks at an error a write raised: when it means "no space", records which store is full (and logs
   * it, once per episode) and answers true. `store` is where the write went when the caller knows it.
   */
  observe(err: unknown, store?: Store): boolean {
    if (!isStorageFull(err)) return false;
    const code = String((err as { code?: unknown }).code ?? '');
    const which: Store = store ?? (code === 'SQLITE_FULL' || code === '53100' ? 'database' : 'files');
    const at = this.now();
    const known = this.full.get(which);
    if (known) {
      known.lastFailureAt = at;
      return true;
    }
    const target = this.targets[which];
    this.full.set(which, { ...target, since: at, lastFailureAt: at });
    const detail = err instanceof Error ? err.message : String(err);
    this.log.error({ store: which, path: target.dir, code }, `storage full: ${target.what} has no space left (${detail}); writes answer storage_full until space returns`);
    this.startRechecking();
    return true;
  }

  /** A write to `store` succeeded: there is space again. */
  wrote(store: Store): void {
    if (this.full.has(store)) this.clear(store, 'a write succeeded');
  }

  /** The stores still full after measuring again (at most once a second), for `/api/ready`. */
  async check(): Promise<{ store: Store; what: string; since: number }[]> {
    if (this.full.size > 0 && this.now() - this.lastCheckAt >= ON_DEMAND_MIN_GAP_MS) await this.recheck();
    return [...this.full].map(([store, s]) => ({ store, what: s.what, since: s.since }));
  }

  get isFull(): boolean {
    return this.full.size > 0;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async recheck(): Promise<void> {
    this.lastCheckAt = this.now();
    for (const [store, state] of [...this.full]) {
      if (state.dir === null) {
        if (this.now() - state.lastFailureAt >= REMOTE_RETRY_MS) this.clear(store, `no failure for ${REMOTE_RETRY_MS / 1000} s; writes are tried again`);
        continue;
      }
      const free = await freeBytes(state.dir);
      if (free !== null && free >= this.minFreeBytes) this.clear(store, `${Math.floor(free / 1024)} KiB free`);
    }
  }

  private clear(store: Store, why: string): void {
    const state = this.full.get(store);
    if (!state) return;
    this.full.delete(store);
    this.log.warn({ store, path: state.dir, fullForMs: this.now() - state.since }, `storage has space again: ${state.what} (${why})`);
    if (this.full.size === 0) this.close();
  }

  private startRechecking(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.recheck().catch(() => undefined), RECHECK_EVERY_MS);
    this.timer.unref();
  }
}

/** Bytes an unprivileged process may still write under `dir`, or null when it cannot be measured. */
export async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await fs.promises.statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** Host, port and database name of a PostgreSQL URL, never its password. */
function describePostgres(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname.replace(/^\//, '') || 'postgres'} on ${u.hostname}:${u.port || '5432'}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
