import { createHash } from 'node:crypto';
import type { Language } from '@natter/protocol';
import type { AppContext } from '../../context';
import { configuredBaseUrl, messageLink } from '../mail/links';
import { markMailed, missedMessages } from './queries';
import { renderMissedMail } from './template';
import { unsubscribeToken } from './unsubscribe-token';

export const MISSED_CHECK_JOB = 'missed_mail_check';
/** Messages older than this are never mailed about (a backlog from before the feature, or the address). */
const LOOKBACK_MS = 7 * 24 * 3600_000;

interface CheckPayload {
  userId: string;
}

/**
 * Checks are jobs: "look at this user at time T". Triggers close together share one check (the
 * dedupe key is the user and T rounded up to a slot), and one that finds it too early enqueues the
 * next at the moment that matters, so a user has few checks pending whatever the traffic.
 */
export async function scheduleMissedMailCheck(ctx: AppContext, userId: string, at: number): Promise<void> {
  const slot = Math.max(1000, Math.min(60_000, Math.floor(ctx.config.missedMail.awayMs / 10)));
  const runAt = Math.ceil(at / slot) * slot;
  await ctx.jobs.enqueue<CheckPayload>({ kind: MISSED_CHECK_JOB, payload: { userId }, dedupeKey: `${MISSED_CHECK_JOB}:${userId}:${runAt}`, runAt });
}

/** Of these users, the ones a missed-message email could reach: verified address, switch on, account in use. */
async function reachable(ctx: AppContext, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', userIds)
    .where('email_verified', '=', 1)
    .where('email', 'is not', null)
    .where('missed_mail', '=', 1)
    .where('deleted_at', 'is', null)
    .where('banned_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * After a send: recipients with no socket anywhere get a check once they have been away long
 * enough; the others are looked at when their last socket closes. Never delays the send.
 */
export function afterSendToAbsent(ctx: AppContext, recipientIds: string[]): void {
  const absent = recipientIds.filter((id) => !ctx.presence.isOnline(id));
  if (absent.length === 0) return;
  void (async () => {
    const at = ctx.now() + ctx.config.missedMail.awayMs;
    for (const id of await reachable(ctx, absent)) await scheduleMissedMailCheck(ctx, id, at);
  })().catch((err: unknown) => ctx.log.warn({ err }, 'scheduling a missed-message check failed'));
}

/** The user's last socket (on this node) closed. */
export function afterWentAway(ctx: AppContext, userId: string): void {
  void (async () => {
    if ((await reachable(ctx, [userId])).length === 0) return;
    await scheduleMissedMailCheck(ctx, userId, ctx.now() + ctx.config.missedMail.awayMs);
  })().catch((err: unknown) => ctx.log.warn({ err }, 'scheduling a missed-message check failed'));
}

/**
 * The check: away long enough, no mail within the interval, something unread and not mailed yet →
 * one mail through the mail queue, then the messages are marked as covered. The mail's dedupe key
 * is the set of messages, so a check that runs twice (its node died between the two steps) sends once.
 */
export async function runMissedMailCheck(ctx: AppContext, { userId }: CheckPayload): Promise<void> {
  const { awayMs, intervalMs } = ctx.config.missedMail;
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'email', 'email_verified', 'language', 'missed_mail', 'missed_mail_at', 'last_seen_at', 'deleted_at', 'banned_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user?.email || user.email_verified !== 1 || user.missed_mail !== 1 || user.deleted_at !== null || user.banned_at !== null) return;
  // Back on some node: their next departure schedules the next check.
  if (ctx.presence.isOnline(userId)) return;
  const now = ctx.now();
  const awayUntil = Number(user.last_seen_at ?? 0) + awayMs;
  if (awayUntil > now) return scheduleMissedMailCheck(ctx, userId, awayUntil);
  const allowedAt = user.missed_mail_at === null ? 0 : Number(user.missed_mail_at) + intervalMs;
  if (allowedAt > now) return scheduleMissedMailCheck(ctx, userId, allowedAt);

  const messages = await missedMessages(ctx.db, userId, now - LOOKBACK_MS);
  if (messages.length === 0) return;
  const baseUrl = configuredBaseUrl(ctx.config);
  const unsubscribeUrl = `${baseUrl}/api/unsubscribe?token=${await unsubscribeToken(ctx.db, userId)}`;
  const content = renderMissedMail(user.language as Language, {
    username: user.username,
    messages,
    link: (m) => messageLink(baseUrl, m.conversationId, m.id, m.seq),
    unsubscribeUrl,
  });
  const covered = createHash('sha256').update(messages.map((m) => m.id).join(',')).digest('base64url');
  await ctx.mailer.send(
    {
      to: user.email,
      kind: 'missed_messages',
      ...content,
      // RFC 8058: a mail client may offer one-click unsubscribe, POSTing to this address.
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    },
    `missed:${userId}:${covered}`,
  );
  await markMailed(ctx.db, userId, messages, now);
}

export function registerMissedMail(ctx: AppContext): void {
  ctx.jobs.register<CheckPayload>(MISSED_CHECK_JOB, (payload) => runMissedMailCheck(ctx, payload), { maxAttempts: 5, backoff: { baseMs: 5_000 } });
}
