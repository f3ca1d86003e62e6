import type { AuditAction, AuditEntry } from '@natter/protocol';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { Database } from '../../db/schema';
import { notFound } from '../../http/errors';
import { newId } from '../../util/ids';
import { presentAuditEntry } from './presenters';
import { auditPage } from './queries';

export interface AuditRecord {
  actorId: string;
  action: AuditAction;
  targetUserId: string | null;
  targetId?: string | null;
  detail?: string;
}

/** Written in the same transaction as the action, so no action goes unrecorded. */
export async function recordAudit(db: Kysely<Database>, at: number, r: AuditRecord): Promise<void> {
  await db
    .insertInto('admin_audit')
    .values({ id: newId(), actor_id: r.actorId, action: r.action, target_user_id: r.targetUserId, target_id: r.targetId ?? null, detail: r.detail ?? '', created_at: at })
    .execute();
}

export async function readAudit(ctx: AppContext, limit: number, beforeId: string | undefined): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
  let before: { created_at: number; id: string } | undefined;
  if (beforeId) {
    before = await ctx.db.selectFrom('admin_audit').select(['created_at', 'id']).where('id', '=', beforeId).executeTakeFirst();
    if (!before) throw notFound('audit entry not found');
  }
  const rows = await auditPage(ctx.db, before, limit);
  return { entries: rows.slice(0, limit).map(presentAuditEntry), hasMore: rows.length > limit };
}
