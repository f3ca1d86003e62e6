import { EmailVerificationMode } from '@natter/protocol';
import { z } from 'zod';

/** Mail settings read from the environment (or .env), merged into the server's EnvSchema. */
export const MAIL_ENV = {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 (TLS from the start). */
  SMTP_URL: z
    .string()
    .refine((s) => /^smtps?:\/\/[^/]+/.test(s), { message: 'must look like smtp://user:pass@host:587 or smtps://user:pass@host:465' })
    .optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_SECURE: z.enum(['true', 'false']).optional(),
  /** Per step (connect, greeting, each reply): a stalled mail server delays only the mail, never a request. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  MAIL_FROM: z.string().min(3).optional(),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  EMAIL_VERIFICATION: EmailVerificationMode.default('optional'),
};

type MailEnv = z.infer<z.ZodObject<typeof MAIL_ENV>>;

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); false upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
}

export interface MailConfig {
  /** Null: mails go to the log (and, outside production, to the outbox page). */
  smtp: SmtpSettings | null;
  from: string;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  verification: EmailVerificationMode;
}

function fromUrl(raw: string): SmtpSettings {
  const url = new URL(raw);
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass: decodeURIComponent(url.password) } : null,
  };
}

function fromParts(e: MailEnv, host: string): SmtpSettings {
  const port = e.SMTP_PORT ?? (e.SMTP_SECURE === 'true' ? 465 : 587);
  return {
    host,
    port,
    secure: e.SMTP_SECURE ? e.SMTP_SECURE === 'true' : port === 465,
    auth: e.SMTP_USER ? { user: e.SMTP_USER, pass: e.SMTP_PASSWORD ?? '' } : null,
  };
}

export function mailConfigFrom(e: MailEnv): MailConfig {
  const smtp = e.SMTP_URL ? fromUrl(e.SMTP_URL) : e.SMTP_HOST ? fromParts(e, e.SMTP_HOST) : null;
  // Most providers only relay mail from the account's own address.
  const login = smtp?.auth?.user;
  const from = e.MAIL_FROM ?? (login?.includes('@') ? `Natter <${login}>` : 'Natter <natter@localhost>');
  return {
    smtp,
    from,
    timeoutMs: e.SMTP_TIMEOUT_MS,
    maxAttempts: e.MAIL_MAX_ATTEMPTS,
    retryBaseMs: e.MAIL_RETRY_BASE_MS,
    verification: e.EMAIL_VERIFICATION,
  };
}

/** Links in real mail must not be built from a request's Host header, which a caller controls. */
export function mailConfigProblem(mail: MailConfig, env: { NODE_ENV: string; PUBLIC_URL?: string | undefined }): string | null {
  if (mail.smtp && env.NODE_ENV === 'production' && !env.PUBLIC_URL) {
    return '  PUBLIC_URL: required when SMTP is configured (links in mails point there), e.g. https://chat.example.com';
  }
  return null;
}
