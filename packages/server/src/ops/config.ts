import net from 'node:net';
import { z } from 'zod';

/** proxy-addr's names for address ranges, accepted beside literal addresses. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export type TrustProxy = false | true | number | string[];

function isAddressOrCidr(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which peers may speak for the client through X-Forwarded-*: nobody (false), a hop count,
 * or a list of addresses/CIDRs. "true" (trust any peer) exists for setups where every peer is a proxy.
 */
const TrustProxyEnv = z
  .string()
  .default('false')
  .transform((s, ctx): TrustProxy => {
    const v = s.trim();
    if (v === 'false' || v === '0') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isAddressOrCidr(e));
    if (entries.length === 0 || bad.length) {
      ctx.addIssue({ code: 'custom', message: `expected false, true, a hop count, or addresses/CIDRs separated by commas; not understood: ${bad.join(', ') || v}` });
      return z.NEVER;
    }
    return entries;
  });

const Secret = z.string().min(16, { message: 'use at least 16 characters' });

export const OpsEnvShape = {
  TRUST_PROXY: TrustProxyEnv,
  /** A separate listener for /metrics, for a port that is never published. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Bearer token for /metrics; required to serve /metrics on the main port. */
  METRICS_TOKEN: Secret.optional(),
  /** After a write found the disk full, storage counts as full again until this much is free (ADR 0009). */
  STORAGE_MIN_FREE_MB: z.coerce.number().min(0).max(1_000_000).default(1),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a valid bucket name' }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, { message: 'must be empty or end with / (like natter/)' }).default(''),
};

type OpsEnvValues = z.infer<z.ZodObject<typeof OpsEnvShape>>;

export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  prefix: string;
}

export interface OpsConfig {
  trustProxy: TrustProxy;
  metrics: { port: number | null; host: string; token: string | null };
  /** Set: uploads live in this bucket instead of DATA_DIR/uploads. */
  s3: S3Config | null;
  /** Free bytes DATA_DIR needs before a full disk counts as usable again. */
  storageMinFreeBytes: number;
}

/** `invalid` builds the error to throw, so callers report it like their own configuration errors. */
export function opsFromEnv(e: OpsEnvValues, invalid: (message: string) => Error): OpsConfig {
  const s3Vars = [e.S3_ENDPOINT, e.S3_BUCKET, e.S3_ACCESS_KEY_ID, e.S3_SECRET_ACCESS_KEY];
  let s3: S3Config | null = null;
  if (s3Vars.some((v) => v !== undefined)) {
    if (!e.S3_ENDPOINT || !e.S3_BUCKET || !e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY) {
      throw invalid('Invalid configuration:\n  S3: S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are all required once one is set');
    }
    s3 = {
      endpoint: e.S3_ENDPOINT.replace(/\/+$/, ''),
      bucket: e.S3_BUCKET,
      region: e.S3_REGION,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
      prefix: e.S3_PREFIX,
    };
  }
  return {
    trustProxy: e.TRUST_PROXY,
    metrics: { port: e.METRICS_PORT ?? null, host: e.METRICS_HOST, token: e.METRICS_TOKEN ?? null },
    s3,
    storageMinFreeBytes: Math.floor(e.STORAGE_MIN_FREE_MB * 1024 * 1024),
  };
}
