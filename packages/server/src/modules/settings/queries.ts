import type { Settings } from '@natter/protocol';
import type { AppContext } from '../../context';

export async function loadSettings(ctx: AppContext, userId: string): Promise<Settings> {
  const row = await ctx.db.selectFrom('users').select(['only_friends_dm', 'read_receipts']).where('id', '=', userId).executeTakeFirstOrThrow();
  return { onlyFriendsMayDm: row.only_friends_dm === 1, sendReadReceipts: row.read_receipts === 1 };
}
