import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { MAIL_ENV, type MailConfig, mailConfigFrom, mailConfigProblem } from './modules/mail/config';
import { MISSED_MAIL_ENV, type MissedMailConfig, missedMailConfigFrom } from './modules/missed-mail/config';
import { type OpsConfig, OpsEnvShape, opsFromEnv } from './ops/config';
import { SECURITY_ENV, type SecurityConfig, securityConfigFrom } from './security/config';

const BasePath = z
  .string()
  .default('')
  .transform((s) => s.replace(/\/+$/, ''))
  .refine((s) => s === '' || /^\/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$/.test(s), {
    message: 'must be empty or a path like /chat',
  });

/** Every setting the server reads from the environment, with its default. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_PATH: BasePath,
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((s) => /^(postgres|postgresql):\/\//.test(s) || /^sqlite:/.test(s), {
      message: 'must start with postgres:// or sqlite:',
    })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('full'),
  /** Under load, SQLite commits at most once per this many ms, so each disk sync carries more sends. */
  SQLITE_COMMIT_INTERVAL_MS: z.coerce.number().min(0).max(100).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.url().optional(),
  SESSION_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  ...SECURITY_ENV,
  WEB_DIST: z.string().optional(),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(100_000).default(25),
  USER_QUOTA_MB: z.coerce.number().positive().max(100_000_000).default(1024),
  /** Images with more pixels are refused before they are decoded (pixel-flood protection). */
  MAX_IMAGE_MEGAPIXELS: z.coerce.number().positive().max(1000).default(50),
  ...MAIL_ENV,
  ...MISSED_MAIL_ENV,
  /** Sockets are pinged this often; one that misses a pong is cut, so it goes offline within two periods. */
  SOCKET_HEARTBEAT_MS: z.coerce.number().int().min(50).max(60_000).default(10_000),
  FRIEND_SEARCHES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  FRIEND_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(30),
  MESSAGE_SEARCHES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
  ...OpsEnvShape,
  REDIS_URL: z
    .string()
    .refine((s) => /^rediss?:\/\//.test(s), { message: 'must start with redis:// or rediss://' })
    .optional(),
  /** Names this process in logs and on the Redis bus; every node of a cluster needs a distinct one. */
  NODE_ID: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'letters, digits and _ . : - only' }).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** With Redis: how long a node's claim that a user is online outlives the node (announced offline within 4/3 of it). */
  PRESENCE_TTL_MS: z.coerce.number().int().min(300).max(45_000).default(45_000),
  /** Background jobs (mails, pushes; ADR 0013): an idle node looks for due ones this often. */
  JOBS_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(2_000),
  /** A claimed job is taken over by another node this long after its claimer stops renewing. */
  JOBS_LEASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /** Finished jobs are kept (and their dedupe keys honoured) this long. */
  JOBS_RETENTION_HOURS: z.coerce.number().min(1).max(24 * 365).default(7 * 24),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  basePath: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string; synchronous: 'full' | 'normal'; commitIntervalMs: number } | { kind: 'postgres'; url: string; poolSize: number };
  logLevel: Env['LOG_LEVEL'];
  publicUrl: string | undefined;
  sessionTtlMs: number;
  cookieSecure: 'auto' | boolean;
  /** Origins, session lifetimes, login limits, socket caps and administrators. */
  security: SecurityConfig;
  /** Built web UI to serve; null serves the API only. */
  webDist: string | null;
  uploads: { dir: string; maxBytes: number; quotaBytes: number; maxImagePixels: number };
  mail: MailConfig;
  missedMail: MissedMailConfig;
  heartbeatMs: number;
  limits: { friendSearchesPerMinute: number; friendRequestsPerHour: number; messageSearchesPerMinute: number };
  /** Trusted proxies, metrics and shared upload storage: how this node is deployed. */
  ops: OpsConfig;
  /** Set: events, presence and throttles are shared through Redis with the other nodes. */
  redisUrl: string | null;
  nodeId: string;
  /** How long a SIGTERM waits for in-flight writes before the process exits anyway. */
  shutdownTimeoutMs: number;
  presenceTtlMs: number;
  jobs: { pollMs: number; leaseMs: number; concurrency: number; retentionMs: number };
}

export class ConfigError extends Error {}

export function configFromEnv(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mail = mailConfigFrom(e);
  const mailProblem = mailConfigProblem(mail, e);
  if (mailProblem) throw new ConfigError(`Invalid configuration:\n${mailProblem}`);
  const dataDir = path.resolve(e.DATA_DIR);
  const url = e.DATABASE_URL;
  const database: Config['database'] =
    url && !url.startsWith('sqlite:')
      ? { kind: 'postgres', url, poolSize: e.DATABASE_POOL_SIZE }
      : {
          kind: 'sqlite',
          file: url ? path.resolve(url.slice('sqlite:'.length)) : path.join(dataDir, 'natter.db'),
          synchronous: e.SQLITE_SYNCHRONOUS,
          commitIntervalMs: e.SQLITE_COMMIT_INTERVAL_MS,
        };
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    basePath: e.BASE_PATH,
    dataDir,
    database,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    sessionTtlMs: e.SESSION_TTL_DAYS * 24 * 3600 * 1000,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true',
    security: securityConfigFrom(e),
    // An explicitly empty WEB_DIST serves the API alone.
    webDist: env.WEB_DIST === '' ? null : (e.WEB_DIST ?? defaultWebDist()),
    uploads: {
      dir: path.join(dataDir, 'uploads'),
      maxBytes: Math.floor(e.MAX_UPLOAD_MB * 1024 * 1024),
      quotaBytes: Math.floor(e.USER_QUOTA_MB * 1024 * 1024),
      maxImagePixels: Math.floor(e.MAX_IMAGE_MEGAPIXELS * 1_000_000),
    },
    mail,
    missedMail: missedMailConfigFrom(e),
    heartbeatMs: e.SOCKET_HEARTBEAT_MS,
    limits: { friendSearchesPerMinute: e.FRIEND_SEARCHES_PER_MINUTE, friendRequestsPerHour: e.FRIEND_REQUESTS_PER_HOUR, messageSearchesPerMinute: e.MESSAGE_SEARCHES_PER_MINUTE },
    ops: opsFromEnv(e, (message) => new ConfigError(message)),
    redisUrl: e.REDIS_URL ?? null,
    nodeId: e.NODE_ID ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    presenceTtlMs: e.PRESENCE_TTL_MS,
    jobs: { pollMs: e.JOBS_POLL_MS, leaseMs: e.JOBS_LEASE_MS, concurrency: e.JOBS_CONCURRENCY, retentionMs: Math.round(e.JOBS_RETENTION_HOURS * 3600_000) },
  };
}

function defaultWebDist(): string {
  return path.resolve(import.meta.dirname, '../../web/dist');
}
