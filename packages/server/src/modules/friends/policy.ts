import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { prepared } from '../../db/prepared';
import type { Database } from '../../db/schema';
import { AppError } from '../../http/errors';

/** What someone refused by the recipient is told: the same for a block and for "friends only". */
export function notAccepting(what: 'messages' | 'requests'): AppError {
  return new AppError('not_accepting', what === 'messages'
    ? 'this user does not accept direct messages from you'
    : 'this user does not accept friend requests from you');
}

export function youBlocked(): AppError {
  return new AppError('user_blocked', 'you blocked this user; unblock them first');
}

/** What decides whether a direct message may pass, read in one query. */
interface Standing {
  deleted_at: number | null;
  only_friends_dm: number;
  i_blocked: number | boolean;
  blocked_me: number | boolean;
  friends: number | boolean;
}

function judge(standing: Standing | undefined): void {
  if (!standing || standing.deleted_at !== null) throw notAccepting('messages');
  if (standing.i_blocked) throw youBlocked();
  if (standing.blocked_me) throw notAccepting('messages');
  if (standing.only_friends_dm === 1 && !standing.friends) throw notAccepting('messages');
}

type StandingArgs = { senderId: string };

/** The recipient's account and settings, and blocks and friendship between the two of them. */
function standingColumns(db: Kysely<Database>, slot: <K extends keyof StandingArgs>(name: K) => StandingArgs[K]) {
  return db
    .selectFrom('users')
    .select((eb) => [
      'users.deleted_at',
      'users.only_friends_dm',
      eb.exists(eb.selectFrom('blocks').select('blocker_id').where('blocker_id', '=', slot('senderId')).whereRef('blocked_id', '=', 'users.id')).as('i_blocked'),
      eb.exists(eb.selectFrom('blocks').select('blocker_id').whereRef('blocker_id', '=', 'users.id').where('blocked_id', '=', slot('senderId'))).as('blocked_me'),
      eb.exists(eb.selectFrom('friendships').select('user_id').where('user_id', '=', slot('senderId')).whereRef('friend_id', '=', 'users.id')).as('friends'),
    ]);
}

const standingOf = prepared<StandingArgs & { recipientId: string }, Standing>((db, slot) =>
  standingColumns(db, slot).where('users.id', '=', slot('recipientId')),
);

// Runs before every direct message: compiled once, one query instead of five.
const standingInDm = prepared<StandingArgs & { conversationId: string }, Standing>((db, slot) =>
  standingColumns(db, slot)
    .innerJoin('members', 'members.user_id', 'users.id')
    .where('members.conversation_id', '=', slot('conversationId'))
    .where('members.user_id', '!=', slot('senderId')),
);

/** May `senderId` open or write a direct conversation with `recipientId`? Throws the reason if not. */
export async function assertMayMessage(ctx: AppContext, senderId: string, recipientId: string): Promise<void> {
  const [standing] = await standingOf(ctx.db, { senderId, recipientId });
  judge(standing);
}

/** The same rule for a message into an existing direct conversation. */
export async function assertMayMessageInDm(ctx: AppContext, senderId: string, conversationId: string): Promise<void> {
  const [standing] = await standingInDm(ctx.db, { senderId, conversationId });
  judge(standing);
}
