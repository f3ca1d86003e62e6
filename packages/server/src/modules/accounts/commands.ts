import type { Language, Me } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { AppError, isUniqueViolation } from '../../http/errors';
import { newId } from '../../util/ids';
import { joinGeneral } from '../conversations/commands';
import { checkSignUpEmail } from '../email/verification';
import { refuseCommonPassword } from '../../security/common-passwords';
import { hashPassword, verifyPassword } from './passwords';
import { presentMe } from './presenters';
import { countUsers, findUserByUsername, usernameKey } from './queries';
import { createSession, endSession } from './sessions';

export interface SignedIn {
  user: Me;
  token: string;
  sessionId: string;
}

export async function register(
  ctx: AppContext,
  input: { username: string; password: string; email?: string | undefined; language: Language },
  userAgent: string,
): Promise<SignedIn> {
  const key = usernameKey(input.username);
  if (await findUserByUsername(ctx.db, input.username)) throw usernameTaken();
  refuseCommonPassword(input.password);
  await checkSignUpEmail(ctx, input.email);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  const id = newId();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      // The first account administers the server.
      const isAdmin = (await countUsers(trx)) === 0 || ctx.config.security.adminUsernames.includes(key) ? 1 : 0;
      await trx
        .insertInto('users')
        .values({ id, username: input.username, username_key: key, password_hash: passwordHash, is_admin: isAdmin, created_at: now, deleted_at: null, email: input.email ?? null, language: input.language })
        .execute();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw usernameTaken();
    throw err;
  }
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await joinGeneral(ctx, { userId: id, username: user.username });
  const session = await createSession(ctx, id, userAgent);
  return { user: presentMe(user), token: session.token, sessionId: session.id };
}

export async function login(ctx: AppContext, input: { username: string; password: string }, userAgent: string): Promise<SignedIn> {
  const user = await findUserByUsername(ctx.db, input.username);
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  // One answer for "no such user" and "wrong password": a login form must not tell who has an account.
  if (!user || !ok) throw new AppError('invalid_credentials', 'wrong username or password');
  // Told only to someone who knows the password, so guessing reveals nothing about bans.
  if (user.banned_at !== null) throw new AppError('account_banned', 'this account has been banned by an administrator');
  const session = await createSession(ctx, user.id, userAgent);
  return { user: presentMe(user), token: session.token, sessionId: session.id };
}

export async function logout(ctx: AppContext, auth: Auth): Promise<void> {
  await endSession(ctx, auth.sessionId);
  ctx.bus.publish({ to: 'end_sessions', sessionIds: [auth.sessionId], reason: 'logged_out' });
}

function usernameTaken(): AppError {
  return new AppError('username_taken', 'this username is already taken');
}
