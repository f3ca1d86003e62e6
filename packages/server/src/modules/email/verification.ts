import { type Language, type Me, Language as LanguageSchema } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import type { UserRow } from '../../db/schema';
import { AppError, isUniqueViolation } from '../../http/errors';
import { verifyPassword } from '../accounts/passwords';
import { presentMe } from '../accounts/presenters';
import { appLink } from '../mail/links';
import { renderMail } from '../mail/templates';
import { oneAtATime } from './per-user';
import { activeUser, verifiedOwner } from './queries';
import { consumeToken, invalidToken, issueToken, recentTokens, revokeTokens } from './tokens';

const RESEND_COOLDOWN_MS = 60 * 1000;
const VERIFY_MAILS_PER_HOUR = 5;
const HOUR_MS = 3600 * 1000;

export function mailLanguage(user: UserRow): Language {
  return LanguageSchema.safeParse(user.language).data ?? 'en';
}

function emailTaken(): AppError {
  return new AppError('email_taken', 'this email address belongs to another account');
}

/** Before an account is created: the address is there when required and not verified by someone else. */
export async function checkSignUpEmail(ctx: AppContext, email: string | undefined): Promise<void> {
  if (!email) {
    if (ctx.config.mail.verification === 'required') {
      throw new AppError('validation_failed', 'invalid body', { issues: [{ path: 'email', message: 'an email address is required' }] });
    }
    return;
  }
  if (await verifiedOwner(ctx.db, email)) throw emailTaken();
}

async function sendVerification(ctx: AppContext, user: UserRow, email: string, baseUrl: string): Promise<void> {
  const token = await issueToken(ctx.db, ctx.now(), user.id, 'verify', email);
  const link = appLink(baseUrl, 'verify-email', token);
  await ctx.mailer.send({ to: email, kind: 'verify_email', ...renderMail('verify_email', mailLanguage(user), { username: user.username, email, link }) });
}

/** After sign-up. A failure here must not undo the account: the "send again" button covers it. */
export async function sendSignUpVerification(ctx: AppContext, userId: string, baseUrl: string): Promise<void> {
  if (ctx.config.mail.verification === 'off') return;
  try {
    const user = await activeUser(ctx.db, userId);
    if (user?.email) await sendVerification(ctx, user, user.email, baseUrl);
  } catch (err) {
    ctx.log.error({ err, userId }, 'could not start email verification');
  }
}

export async function verifyEmail(ctx: AppContext, token: string): Promise<{ email: string }> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.now();
      const row = await consumeToken(trx, now, token, 'verify');
      const user = await activeUser(trx, row.user_id);
      // A link for an address the account has since moved away from confirms nothing.
      if (!user || (row.email !== user.email && row.email !== user.pending_email)) throw invalidToken();
      const owner = await verifiedOwner(trx, row.email);
      if (owner && owner.id !== user.id) throw emailTaken();
      await trx.updateTable('users').set({ email: row.email, email_verified: 1, pending_email: null }).where('id', '=', user.id).execute();
      return { email: row.email };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

/** Throws rate_limited (with Retry-After) when the user was sent too many verification links lately. */
async function limitVerifyMails(ctx: AppContext, userId: string, cooldown: boolean): Promise<void> {
  const now = ctx.now();
  const recent = await recentTokens(ctx.db, userId, 'verify', now - HOUR_MS);
  let waitMs = 0;
  if (cooldown && recent.newest !== null && now - recent.newest < RESEND_COOLDOWN_MS) waitMs = recent.newest + RESEND_COOLDOWN_MS - now;
  if (recent.count >= VERIFY_MAILS_PER_HOUR && recent.oldest !== null) waitMs = Math.max(waitMs, recent.oldest + HOUR_MS - now);
  if (waitMs > 0) {
    const retryAfterS = Math.ceil(waitMs / 1000);
    throw new AppError('rate_limited', `a link was sent recently; try again in ${retryAfterS} s`, { retryable: true, retryAfterS });
  }
}

export function resendVerification(ctx: AppContext, auth: Auth, baseUrl: string): Promise<void> {
  return oneAtATime(`verify:${auth.userId}`, () => resend(ctx, auth, baseUrl));
}

async function resend(ctx: AppContext, auth: Auth, baseUrl: string): Promise<void> {
  if (ctx.config.mail.verification === 'off') throw new AppError('bad_request', 'email verification is turned off on this server');
  const user = await activeUser(ctx.db, auth.userId);
  if (!user) throw new AppError('unauthenticated', 'log in first');
  const target = user.pending_email ?? (user.email && user.email_verified === 0 ? user.email : null);
  if (!target) throw new AppError('conflict', 'there is no address waiting to be verified');
  await limitVerifyMails(ctx, user.id, true);
  await sendVerification(ctx, user, target, baseUrl);
}

/**
 * A verified address stays in force until the new one is confirmed (a typo must not lock anyone
 * out); an unverified or missing one is simply replaced.
 */
export function changeEmail(ctx: AppContext, auth: Auth, input: { email: string; password: string }, baseUrl: string): Promise<Me> {
  return oneAtATime(`verify:${auth.userId}`, () => setEmail(ctx, auth, input, baseUrl));
}

async function setEmail(ctx: AppContext, auth: Auth, input: { email: string; password: string }, baseUrl: string): Promise<Me> {
  const user = await activeUser(ctx.db, auth.userId);
  if (!user) throw new AppError('unauthenticated', 'log in first');
  if (!(await verifyPassword(user.password_hash, input.password))) throw new AppError('invalid_credentials', 'wrong password');
  const mode = ctx.config.mail.verification;
  const unchanged = input.email === user.email && (user.email_verified === 1 || mode === 'off');
  const owner = unchanged ? undefined : await verifiedOwner(ctx.db, input.email);
  if (owner && owner.id !== user.id) throw emailTaken();
  const now = ctx.now();
  if (unchanged) {
    await ctx.db.updateTable('users').set({ pending_email: null }).where('id', '=', user.id).execute();
  } else if (mode === 'off') {
    await ctx.db.updateTable('users').set({ email: input.email, email_verified: 0, pending_email: null }).where('id', '=', user.id).execute();
  } else {
    await limitVerifyMails(ctx, user.id, false);
    const keepCurrent = user.email_verified === 1 && user.email !== null;
    await ctx.db
      .updateTable('users')
      .set(keepCurrent ? { pending_email: input.email } : { email: input.email, email_verified: 0, pending_email: null })
      .where('id', '=', user.id)
      .execute();
    await revokeTokens(ctx.db, now, user.id, 'verify');
    await sendVerification(ctx, user, input.email, baseUrl);
  }
  const updated = await activeUser(ctx.db, user.id);
  if (!updated) throw new AppError('unauthenticated', 'log in first');
  return presentMe(updated);
}
