import { z } from 'zod';

/** Missed-message email settings, merged into the server's EnvSchema. */
export const MISSED_MAIL_ENV = {
  /** A user with no socket for this long gets an email about unread direct messages and mentions. */
  MISSED_MAIL_AFTER_MINUTES: z.coerce.number().min(0.01).max(7 * 24 * 60).default(10),
  /** At most one such email per user per this many minutes. */
  MISSED_MAIL_INTERVAL_MINUTES: z.coerce.number().min(0.01).max(30 * 24 * 60).default(60),
};

export interface MissedMailConfig {
  awayMs: number;
  intervalMs: number;
}

export function missedMailConfigFrom(e: { MISSED_MAIL_AFTER_MINUTES: number; MISSED_MAIL_INTERVAL_MINUTES: number }): MissedMailConfig {
  return { awayMs: Math.round(e.MISSED_MAIL_AFTER_MINUTES * 60_000), intervalMs: Math.round(e.MISSED_MAIL_INTERVAL_MINUTES * 60_000) };
}
