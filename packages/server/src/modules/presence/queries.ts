import type { UserRef } from '@natter/protocol';
import type { AppContext } from '../../context';
import { presentUserRef } from '../accounts/presenters';
import { blockedEitherWay } from '../friends/queries';

const CHUNK = 500;

/** Online users who share at least one conversation with `userId` (the caller included). */
export async function onlineContacts(ctx: AppContext, userId: string): Promise<UserRef[]> {
  const blocked = await blockedEitherWay(ctx.db, userId);
  const online = ctx.presence.onlineIds().filter((id) => !blocked.has(id));
  const found: UserRef[] = [];
  for (let i = 0; i < online.length; i += CHUNK) {
    const rows = await ctx.db
      .selectFrom('members as theirs')
      .innerJoin('users', 'users.id', 'theirs.user_id')
      .select(['users.id', 'users.username', 'users.deleted_at'])
      .distinct()
      .where('theirs.user_id', 'in', online.slice(i, i + CHUNK))
      .where('theirs.conversation_id', 'in', (eb) => eb.selectFrom('members as mine').select('mine.conversation_id').where('mine.user_id', '=', userId))
      .where('users.deleted_at', 'is', null)
      .execute();
    found.push(...rows.map(presentUserRef));
  }
  return found.sort((a, b) => a.username.localeCompare(b.username));
}
