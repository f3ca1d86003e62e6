import type { AppContext, Auth } from '../../context';
import { notFound } from '../../http/errors';
import { removeMessage } from '../messages/delete';
import { findById } from '../messages/queries';

/**
 * Removes any message the way its sender would (the row keeps its sequence, text and files go,
 * members get the deletion on the change log), and records who did it. Deleting twice is fine and
 * audited once.
 */
export async function adminDeleteMessage(ctx: AppContext, auth: Auth, messageId: string): Promise<void> {
  const row = await findById(ctx.db, messageId);
  if (!row) throw notFound('message not found');
  await removeMessage(ctx, auth, row, true);
}
