import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Message, NatterClient, newClientMsgId } from '../../../sdk/src/index';
import { sparePort } from '../cluster/helpers/tools';
import { Api } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { kill9, spawnServer } from '../helpers/process';
import { runCli } from './cli';

// A backup taken while four clients send, restored onto a fresh server: everything acknowledged
// before the backup began is there once, the server starts, and the clients' sockets resume by
// themselves with their cursors (some of which are now ahead of what the backup holds).

const dialects = await dialectsUnderTest();
const PG_BIN = '/usr/lib/postgresql/15/bin';
const ADMIN_URL = process.env.NATTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Backup {
  /** Takes the backup while the server runs. */
  take(): Promise<void>;
  /** The environment of a fresh server started on the restored copy. */
  restore(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

function sqliteBackup(work: string): { env: Record<string, string>; backup: Backup } {
  const live = path.join(work, 'live');
  const restored = path.join(work, 'restored');
  const snapshot = path.join(work, 'backups', 'natter.db');
  return {
    env: { DATA_DIR: live },
    backup: {
      async take() {
        const result = await runCli('db-backup', ['--from', path.join(live, 'natter.db'), '--to', snapshot]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
      },
      // As docs/deploy.md says: put the backup in place as DATA_DIR/natter.db and start.
      async restore() {
        fs.mkdirSync(restored, { recursive: true });
        fs.copyFileSync(snapshot, path.join(restored, 'natter.db'));
        return { DATA_DIR: restored };
      },
      async cleanup() {},
    },
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function postgresBackup(work: string, liveUrl: string): Promise<{ env: Record<string, string>; backup: Backup }> {
  const dump = path.join(work, 'natter.dump');
  const restoredName = `natter_restored_${path.basename(work).replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
  const restoredUrl = withDatabase(ADMIN_URL, restoredName);
  const admin = (sql: string) => execFileSync(`${PG_BIN}/psql`, [ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'pipe' });
  return {
    env: { DATA_DIR: path.join(work, 'live'), DATABASE_URL: liveUrl },
    backup: {
      // As docs/deploy.md says: pg_dump's custom format, a consistent snapshot while the server writes.
      async take() {
        execFileSync(`${PG_BIN}/pg_dump`, ['--format=custom', '--file', dump, liveUrl], { stdio: 'pipe' });
      },
      async restore() {
        admin(`create database ${restoredName}`);
        execFileSync(`${PG_BIN}/pg_restore`, ['--no-owner', '--exit-on-error', '--dbname', restoredUrl, dump], { stdio: 'pipe' });
        return { DATA_DIR: path.join(work, 'restored'), DATABASE_URL: restoredUrl };
      },
      async cleanup() {
        admin(`drop database if exists ${restoredName} with (force)`);
      },
    },
  };
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(dialects)('backup and restore on $name', (dialect) => {
  afterAll(() => dialect.dropAll());

  it('keeps every message acknowledged before the backup began, and sockets resume on the restored server', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-restore-'));
    const databaseUrl = await dialect.create();
    const { env, backup } = databaseUrl ? await postgresBackup(work, databaseUrl) : sqliteBackup(work);
    const port = String(await sparePort());
    const first = await spawnServer({ ...env, PORT: port });
    const url = first.url;
    const clients: NatterClient[] = [];
    let second: Awaited<ReturnType<typeof spawnServer>> | null = null;
    try {
      for (let i = 0; i < 4; i++) {
        const client = new NatterClient({ baseUrl: url, WebSocket: WebSocket as never, reconnect: { minDelayMs: 50, maxDelayMs: 300 } });
        await client.register(`restore_${i}_${Date.now().toString(36)}`, 'correct horse battery');
        clients.push(client);
      }
      const general = (await clients[0]!.listConversations()).find((c) => c.name === 'general')!;
      for (const c of clients) {
        await c.getMessages(general.id);
        await c.connect();
      }

      const acked = new Map<string, Message>();
      let sending = true;
      const senders = clients.map(async (client, n) => {
        for (let i = 0; sending; i++) {
          const m = await client.sendMessage(general.id, `client ${n} message ${i}`, { clientMsgId: newClientMsgId() }).catch(() => null);
          if (m) acked.set(m.clientMsgId!, m);
        }
      });
      await waitFor('40 acks', () => acked.size >= 40);
      const ackedBeforeBackup = new Map(acked);
      await backup.take();
      await waitFor('20 acks after the backup', () => acked.size >= ackedBeforeBackup.size + 20);
      sending = false;
      await Promise.all(senders);
      await kill9(first);

      second = await spawnServer({ ...(await backup.restore()), PORT: port });
      const reader = new Api(second.url);
      const login = await reader.post('/api/auth/login', { username: clients[0]!.user!.username, password: 'correct horse battery' });
      reader.token = login.body.token;
      const stored: any[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await reader.get(`/api/conversations/${general.id}/messages?limit=200${before ? `&before=${before}` : ''}`);
        stored.unshift(...page.body.messages);
        if (!page.body.hasMore) break;
        before = page.body.messages[0].seq;
      }
      expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
      const byClientId = new Map(stored.map((m) => [m.clientMsgId, m]));
      expect(byClientId.size).toBe(stored.length);
      for (const [clientMsgId, m] of ackedBeforeBackup) expect(byClientId.get(clientMsgId), clientMsgId).toMatchObject({ id: m.id, seq: m.seq });

      // The clients reconnect to the restored server by themselves and carry on: a new message from
      // each reaches all four, once, and each store holds one gapless run again.
      await waitFor('all clients online again', () => clients.every((c) => c.status === 'online'), 30_000);
      const fresh = await Promise.all(clients.map((c, n) => c.sendMessage(general.id, `after restore ${n}`)));
      expect(fresh.map((m) => m.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4].map((k) => stored.length + k));
      for (const c of clients) {
        await waitFor('the four new messages', () => {
          const held = c.store.getSnapshot().messages[general.id] ?? [];
          return fresh.every((f) => held.some((m) => m.id === f.id));
        });
        const held = c.store.getSnapshot().messages[general.id]!;
        expect(new Set(held.map((m) => m.id)).size).toBe(held.length);
        expect(held.map((m) => m.seq)).toEqual(held.map((_, i) => held[0]!.seq + i));
        expect(held.every((m) => m.seq > stored.length || byClientId.get(m.clientMsgId)?.id === m.id)).toBe(true);
      }
    } finally {
      for (const c of clients) c.disconnect();
      if (second) await kill9(second);
      else if (first.child.exitCode === null) await kill9(first);
      await backup.cleanup();
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
