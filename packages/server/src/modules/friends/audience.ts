import type { AppContext } from '../../context';
import { blockedEitherWay } from './queries';

/** Who may see `userId` come and go: friends and members of a shared conversation, minus blocks. */
export async function presenceAudience(ctx: AppContext, userId: string): Promise<string[]> {
  const [members, friends, blocked] = await Promise.all([
    ctx.db
      .selectFrom('members as theirs')
      .select('theirs.user_id')
      .distinct()
      .where('theirs.conversation_id', 'in', (eb) => eb.selectFrom('members as mine').select('mine.conversation_id').where('mine.user_id', '=', userId))
      .execute(),
    ctx.db.selectFrom('friendships').select('friend_id').where('user_id', '=', userId).execute(),
    blockedEitherWay(ctx.db, userId),
  ]);
  const out = new Set<string>();
  for (const m of members) out.add(m.user_id);
  for (const f of friends) out.add(f.friend_id);
  for (const id of blocked) out.delete(id);
  return [...out];
}
