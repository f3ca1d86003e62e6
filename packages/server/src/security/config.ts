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
  /** Frames a second each socket may send on average; more get `rate_limited` error frames. */
  SOCKET_FRAMES_PER_SECOND: z.coerce.number().positive().max(100_000).default(30),
  /** Frames a socket may send at once before the average applies (at least one second's worth). */
  SOCKET_FRAME_BURST: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Refused frames a socket may collect before it is closed (4008) and its user penalised. */
  SOCKET_RATE_STRIKES: z.coerce.number().int().min(0).max(1_000_000).default(20),
  /** How long a user whose socket was closed for flooding is refused new handshakes on that node. */
  SOCKET_FLOOD_PENALTY_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  /** Bytes waiting for a client that stopped reading before it is cut off (it resumes by cursor). */
  SOCKET_SEND_BUFFER_BYTES: z.coerce.number().int().min(64 * 1024).max(1024 * 1024 * 1024).default(4 * 1024 * 1024),
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
  /** The per-connection frame limit and what happens to a client that exceeds it or stops reading. */
  socket: SocketLimits;
  /** Lower-cased usernames. */
  adminUsernames: string[];
}

export interface SocketLimits {
  framesPerSecond: number;
  frameBurst: number;
  rateStrikes: number;
  floodPenaltyMs: number;
  sendBufferBytes: number;
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
    socket: {
      framesPerSecond: e.SOCKET_FRAMES_PER_SECOND,
      // A burst below one second's rate would refuse a client that keeps exactly to the rate.
      frameBurst: Math.max(e.SOCKET_FRAME_BURST, Math.ceil(e.SOCKET_FRAMES_PER_SECOND)),
      rateStrikes: e.SOCKET_RATE_STRIKES,
      floodPenaltyMs: e.SOCKET_FLOOD_PENALTY_MS,
      sendBufferBytes: e.SOCKET_SEND_BUFFER_BYTES,
    },
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
