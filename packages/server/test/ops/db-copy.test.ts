import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { Api, signUp } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { runCli } from './cli';

const postgres = (await dialectsUnderTest()).find((d) => d.name === 'postgres');

async function countRows(url: string, tables: string[]): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = Number((await client.query(`select count(*) as n from "${t}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgres)('db:copy from SQLite into PostgreSQL', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    await postgres?.dropAll();
  });

  it('moves a live deployment across: accounts, sessions, rooms, memberships and every message, with sequences intact', async () => {
    const source = await startTestServer();
    servers.push(source);
    const a = await signUp(source.url);
    const b = await signUp(source.url);
    const room = (await a.api.post('/api/rooms', { name: 'migration-room', visibility: 'private' })).body.conversation.id as string;
    const open = (await a.api.post('/api/rooms', { name: 'migration-open', visibility: 'public' })).body.conversation.id as string;
    expect((await b.api.post('/api/rooms/migration-open/join')).status).toBe(200);
    const general = (await a.api.get('/api/conversations')).body.conversations.find((c: any) => c.name === 'general').id as string;
    for (const [conversation, count, sender] of [[general, 9, a], [room, 23, a], [open, 4, b]] as const) {
      for (let i = 0; i < count; i++) {
        const res = await sender.api.post(`/api/conversations/${conversation}/messages`, { clientMsgId: `copy-${conversation.slice(0, 6)}-${i}`, body: `message ${i}` });
        expect(res.status).toBe(201);
      }
    }
    const before = {
      conversations: (await a.api.get('/api/conversations')).body,
      room: (await a.api.get(`/api/conversations/${room}/messages`)).body,
      open: (await b.api.get(`/api/conversations/${open}/messages`)).body,
    };

    const target = (await postgres!.create())!;
    const file = (source.app.ctx.config.database as { file: string }).file;
    // A batch size that does not divide the row counts, so partial batches are exercised too.
    const copy = await runCli('db-copy', ['--from', file, '--to', target, '--batch', '7']);
    expect(copy.stderr).toBe('');
    expect(copy.code).toBe(0);
    expect(copy.stdout).toMatch(/^messages: 36 rows$/m);
    expect(copy.stdout).toMatch(/row counts verified/);
    expect(copy.stdout).toMatch(/^search index: 36 messages indexed$/m);

    const sqlite = new SQLite(file, { readonly: true });
    const tables = (sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' and name not like 'search_fts%'`).pluck().all() as string[]);
    const sourceCounts = Object.fromEntries(tables.map((t) => [t, Number(sqlite.prepare(`select count(*) from "${t}"`).pluck().get())]));
    sqlite.close();
    expect(await countRows(target, tables)).toEqual(sourceCounts);

    const moved = await startTestServer({ databaseUrl: target });
    servers.push(moved);
    // Sessions came along: the same tokens keep working against the new database.
    const a2 = new Api(moved.url, a.token);
    const b2 = new Api(moved.url, b.token);
    expect((await a2.get('/api/conversations')).body).toEqual(before.conversations);
    expect((await a2.get(`/api/conversations/${room}/messages`)).body).toEqual(before.room);
    expect((await b2.get(`/api/conversations/${open}/messages`)).body).toEqual(before.open);
    // The search index is rebuilt on the target (FTS5 tables are not copied; search_docs is derived).
    const found = await a2.get(`/api/search/messages?q=${encodeURIComponent('message 22')}&in=${room}`);
    expect(found.status).toBe(200);
    expect(found.body.results.map((r: { message: { body: string } }) => r.message.body)).toEqual(['message 22']);
    const next = await a2.post(`/api/conversations/${room}/messages`, { clientMsgId: 'copy-after-move-1', body: 'on PostgreSQL now' });
    expect(next.status).toBe(201);
    expect(next.body.message.seq).toBe(24);
    const login = await new Api(moved.url).post('/api/auth/login', { username: b.user.username, password: b.password });
    expect(login.status).toBe(200);
  });

  it('refuses a target that already holds data, and leaves it untouched', async () => {
    const source = await startTestServer();
    servers.push(source);
    await signUp(source.url);
    const target = (await postgres!.create())!;
    const used = await startTestServer({ databaseUrl: target });
    const someone = await signUp(used.url);
    await used.close();

    const file = (source.app.ctx.config.database as { file: string }).file;
    const copy = await runCli('db-copy', ['--from', file, '--to', target]);
    expect(copy.code).toBe(1);
    expect(copy.stderr).toMatch(/already holds data \(.*users.*\)/);
    expect(await countRows(target, ['users'])).toEqual({ users: 1 });
    const still = await startTestServer({ databaseUrl: target });
    servers.push(still);
    expect((await new Api(still.url, someone.token).get('/api/me')).status).toBe(200);
  });

  it('answers bad arguments with usage', async () => {
    const noTarget = await runCli('db-copy', ['--from', 'x.db']);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/--to must be a postgres:\/\/ URL/);
  });
});
