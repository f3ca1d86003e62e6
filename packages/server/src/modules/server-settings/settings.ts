import type { ServerSettings } from '@natter/protocol';
import type { Kysely } from 'kysely';
import type { AppContext, Auth } from '../../context';
import type { Database } from '../../db/schema';
import { recordAudit } from '../admin/audit';

/** What a setting is until an administrator changes it. */
export const DEFAULT_SERVER_SETTINGS: ServerSettings = { editWindowMinutes: 0 };

/**
 * Server-wide settings in the database (key → JSON value), so every node reads the same. Read on
 * use, not cached: a change made on one node applies on all of them at once.
 */
export async function readServerSettings(db: Kysely<Database>): Promise<ServerSettings> {
  const rows = await db.selectFrom('server_settings').select(['key', 'value']).execute();
  const out: Record<string, unknown> = { ...DEFAULT_SERVER_SETTINGS };
  for (const r of rows) if (r.key in DEFAULT_SERVER_SETTINGS) out[r.key] = JSON.parse(r.value) as unknown;
  return out as ServerSettings;
}

export async function readServerSetting<K extends keyof ServerSettings>(db: Kysely<Database>, key: K): Promise<ServerSettings[K]> {
  const row = await db.selectFrom('server_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as ServerSettings[K]) : DEFAULT_SERVER_SETTINGS[key];
}

/** Writes the settings given, audited in the same transaction (only what actually changed). */
export async function updateServerSettings(ctx: AppContext, auth: Auth, patch: Partial<ServerSettings>): Promise<ServerSettings> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await readServerSettings(trx);
    const changed: Partial<Record<keyof ServerSettings, unknown>> = {};
    for (const [key, value] of Object.entries(patch) as [keyof ServerSettings, unknown][]) {
      if (value === undefined || before[key] === value) continue;
      changed[key] = value;
      await trx
        .insertInto('server_settings')
        .values({ key, value: JSON.stringify(value), updated_at: now, updated_by: auth.userId })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now, updated_by: auth.userId }))
        .execute();
    }
    if (Object.keys(changed).length > 0) {
      await recordAudit(trx, now, { actorId: auth.userId, action: 'update_settings', targetUserId: null, detail: JSON.stringify(changed) });
    }
  });
  return readServerSettings(ctx.db);
}
