import type { Kysely, Migration } from 'kysely';

/**
 * Missed-message email (modules/missed-mail): the user's switch, when the last one went out, and per
 * membership the last sequence a mail covered, so no message is mailed twice.
 */
export const m0009_missed_mail: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('missed_mail', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('users').addColumn('missed_mail_at', 'bigint').execute();
    await db.schema.alterTable('members').addColumn('mailed_seq', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  },
};
