import { z } from 'zod';

const Count = z.coerce.number().int().min(1).max(1_000_000);

/** Security settings read from the environment, merged into the server's EnvSchema. */
export const SECURITY_ENV = {
  /** Extra origins (scheme://host[:port], comma separated) allowed to call the API and open sockets. */
  ALLOWED_ORIGINS: z
    .string()
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every(isOrigin), { message: 'must be origins like https://chat.example.com, separated by commas' })
    .optional(),
  /** A session unused for this long ends (SESSION_TTL_DAYS is the absolute limit). */
  SESSION_IDLE_DAYS: z.coerce.number().positive().max(3650).default(7),
  /** Login attempts per username per 15 minutes. */
  LOGIN_LIMIT_PER_ACCOUNT: Count.optional(),
  /** Login attempts per client address per 15 minutes. */
  LOGIN_LIMIT_PER_IP: Count.optional(),
  /** Sign-ups per client address per hour. */
  SIGNUP_LIMIT_PER_IP: Count.optional(),
  /** Open sockets per user on one node; the next one is refused. */
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(16),
  /** Usernames (comma separated, case-insensitive) that are administrators besides the first account. */
  ADMIN_USERNAMES: z
    .string()
    .transform((s) => s.split(',').map((u) => u.trim().normalize('NFC').toLowerCase()).filter(Boolean))
    .optional(),
};

type SecurityEnv = z.infer<z.ZodObject<typeof SECURITY_ENV>>;

export interface SecurityConfig {
  /** Exact origins besides the request's own host and PUBLIC_URL. */
  allowedOrigins: string[];
  sessionIdleMs: number;
  limits: { loginPerAccount: number; loginPerIp: number; signUpPerIp: number };
  maxSocketsPerUser: number;
  /** Lower-cased usernames. */
  adminUsernames: string[];
}

// Test servers sign up hundreds of accounts from one address; the security tests set their own limits.
const TEST_LIMIT = 1_000_000;

export function securityConfigFrom(e: SecurityEnv & { NODE_ENV: string; PUBLIC_URL?: string | undefined }): SecurityConfig {
  const test = e.NODE_ENV === 'test';
  const origins = [...(e.PUBLIC_URL ? [new URL(e.PUBLIC_URL).origin] : []), ...(e.ALLOWED_ORIGINS ?? []).map((o) => new URL(o).origin)];
  return {
    allowedOrigins: [...new Set(origins)],
    sessionIdleMs: e.SESSION_IDLE_DAYS * 24 * 3600 * 1000,
    limits: {
      loginPerAccount: e.LOGIN_LIMIT_PER_ACCOUNT ?? (test ? TEST_LIMIT : 10),
      loginPerIp: e.LOGIN_LIMIT_PER_IP ?? (test ? TEST_LIMIT : 50),
      signUpPerIp: e.SIGNUP_LIMIT_PER_IP ?? (test ? TEST_LIMIT : 20),
    },
    maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
    adminUsernames: e.ADMIN_USERNAMES ?? [],
  };
}

function isOrigin(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === s.replace(/\/$/, '');
  } catch {
    return false;
  }
}
