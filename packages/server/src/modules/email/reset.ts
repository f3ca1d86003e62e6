import type { AppContext } from '../../context';
import type { UserRow } from '../../db/schema';
import type { SignedIn } from '../accounts/commands';
import { hashPassword } from '../accounts/passwords';
import { presentMe } from '../accounts/presenters';
import { findUserByUsername } from '../accounts/queries';
import { createSession } from '../accounts/sessions';
import { appLink } from '../mail/links';
import { renderMail } from '../mail/templates';
import { oneAtATime } from './per-user';
import { activeUser, resettableByEmail } from './queries';
import { consumeToken, invalidToken, issueToken, recentTokens, revokeTokens } from './tokens';
import { mailLanguage } from './verification';
import { refuseCommonPassword } from '../../security/common-passwords';

const RESET_COOLDOWN_MS = 60 * 1000;
const RESET_MAILS_PER_HOUR = 5;
const HOUR_MS = 3600 * 1000;

/**
 * Answers nothing about the account: the lookup, the token and the mail all happen after the
 * response, so a known and an unknown name take the same time and get the same answer.
 */
export function requestPasswordReset(ctx: AppContext, login: string, baseUrl: string): void {
  ctx.mailer.defer(() => sendResetLinks(ctx, login.trim(), baseUrl));
}

async function sendResetLinks(ctx: AppContext, login: string, baseUrl: string): Promise<void> {
  // Usernames cannot contain "@", so the form needs no "username or email" switch.
  const verifiedOnly = ctx.config.mail.verification !== 'off';
  const users = login.includes('@')
    ? await resettableByEmail(ctx.db, login.toLowerCase(), verifiedOnly)
    : [await findUserByUsername(ctx.db, login)].filter((u): u is UserRow => !!u && u.deleted_at === null && !!u.email && (u.email_verified === 1 || !verifiedOnly));
  for (const user of users) await oneAtATime(`reset:${user.id}`, () => sendResetLink(ctx, user, baseUrl));
}

async function sendResetLink(ctx: AppContext, user: UserRow, baseUrl: string): Promise<void> {
  if (!user.email || (await tooManyResets(ctx, user.id))) return;
  const token = await issueToken(ctx.db, ctx.now(), user.id, 'reset', user.email);
  const link = appLink(baseUrl, 'reset-password', token);
  await ctx.mailer.send({ to: user.email, kind: 'reset_password', ...renderMail('reset_password', mailLanguage(user), { username: user.username, email: user.email, link }) });
}

/** Quietly skipped, never reported: the caller is not told whether the account exists. */
async function tooManyResets(ctx: AppContext, userId: string): Promise<boolean> {
  const now = ctx.now();
  const recent = await recentTokens(ctx.db, userId, 'reset', now - HOUR_MS);
  const limited = recent.count >= RESET_MAILS_PER_HOUR || (recent.newest !== null && now - recent.newest < RESET_COOLDOWN_MS);
  if (limited) ctx.log.info({ userId }, 'password reset mail skipped: sent recently');
  return limited;
}

/** Sets the password, ends every session and unused reset link of the account, and signs this browser in. */
export async function resetPassword(ctx: AppContext, token: string, password: string, userAgent: string): Promise<SignedIn> {
  refuseCommonPassword(password);
  const passwordHash = await hashPassword(password);
  const { user, ended } = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const row = await consumeToken(trx, now, token, 'reset');
    const user = await activeUser(trx, row.user_id);
    // The link was for an address the account no longer uses.
    if (!user || user.email !== row.email) throw invalidToken();
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
    await revokeTokens(trx, now, user.id, 'reset');
    const sessions = await trx.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    return { user, ended: sessions.map((s) => s.id) };
  });
  if (ended.length > 0) ctx.bus.publish({ to: 'end_sessions', sessionIds: ended, reason: 'logged_out' });
  const session = await createSession(ctx, user.id, userAgent);
  return { user: presentMe(user), token: session.token, sessionId: session.id };
}
