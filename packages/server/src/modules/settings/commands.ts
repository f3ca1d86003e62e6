import type { Settings } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { loadSettings } from './queries';

export async function updateSettings(ctx: AppContext, auth: Auth, input: Partial<Settings>): Promise<Settings> {
  const changes: { only_friends_dm?: number; read_receipts?: number } = {};
  if (input.onlyFriendsMayDm !== undefined) changes.only_friends_dm = input.onlyFriendsMayDm ? 1 : 0;
  if (input.sendReadReceipts !== undefined) changes.read_receipts = input.sendReadReceipts ? 1 : 0;
  if (Object.keys(changes).length > 0) await ctx.db.updateTable('users').set(changes).where('id', '=', auth.userId).execute();
  return loadSettings(ctx, auth.userId);
}
