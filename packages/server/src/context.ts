import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from './config';
import type { Dialect } from './db/database';
import type { Database } from './db/schema';
import type { FileStorage } from './modules/files/storage';
import type { JobQueue } from './modules/jobs/queue';
import type { Mailer } from './modules/mail/mailer';
import type { PresenceTracker } from './modules/presence/tracker';
import type { StorageHealth } from './ops/storage-health';
import type { Bus } from './realtime/bus';
import type { RateLimiter } from './util/rate-limit';

/** The services every command and query receives. */
export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  dialect: Dialect;
  bus: Bus;
  presence: PresenceTracker;
  /** Bytes of uploaded files; rows about them are in the database. */
  storage: FileStorage;
  /** Whether a write lately found the disk full, and where (ADR 0009). */
  storageHealth: StorageHealth;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  /** Durable background work, run once across nodes (ADR 0013): register a handler per kind, enqueue jobs. */
  jobs: JobQueue;
  log: FastifyBaseLogger;
  now(): number;
}

/** Who is calling: resolved from the session cookie or bearer token. */
export interface Auth {
  userId: string;
  username: string;
  isAdmin: boolean;
  sessionId: string;
  /** False until the address is verified; with EMAIL_VERIFICATION=required only a few routes accept that. */
  emailVerified: boolean;
}
