import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../src/testing';
import { signUp } from '../helpers/clients';
import { runCli } from './cli';

describe('db:backup (SQLite online backup)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-backup-'));
  const started = startTestServer();
  afterAll(async () => {
    await (await started).close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('copies a consistent database while the server keeps writing', async () => {
    const { url, app } = await started;
    if (app.ctx.config.database.kind !== 'sqlite') throw new Error('expected SQLite');
    const file = app.ctx.config.database.file;
    const a = await signUp(url);
    const { body } = await a.api.get('/api/conversations');
    const general = body.conversations[0].id as string;
    let acked = 0;
    const send = (i: number) => a.api.post(`/api/conversations/${general}/messages`, { clientMsgId: `backup-${i}-xxxx`, body: `m${i}` });
    for (let i = 0; i < 20; i++) if ((await send(i)).status === 201) acked++;

    // Writers keep going during the backup; the copy must still be a clean snapshot.
    let writing = true;
    const writer = (async () => {
      for (let i = 100; writing; i++) await send(i);
    })();
    const result = await runCli('db-backup', ['--from', file, '--to', 'snap.db'], { initCwd: work });
    writing = false;
    await writer;

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/backed up .* to .*snap\.db/);
    const snap = path.join(work, 'snap.db');
    expect(fs.readdirSync(work).sort()).toEqual(['snap.db']);
    const copy = new SQLite(snap, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const messages = copy.prepare('select count(*) from messages where conversation_id = ?').pluck().get(general) as number;
      expect(messages).toBeGreaterThanOrEqual(acked);
      // Sequences in the snapshot have no gaps: it is one transaction-consistent state.
      const { n, maxSeq } = copy.prepare('select count(*) as n, max(seq) as maxSeq from messages where conversation_id = ?').get(general) as { n: number; maxSeq: number };
      expect(maxSeq).toBe(n);
      expect(copy.prepare('select last_seq from conversations where id = ?').pluck().get(general)).toBe(maxSeq);
    } finally {
      copy.close();
    }
  });

  it('refuses to overwrite, explains a missing source, and prints usage for bad arguments', async () => {
    const { app } = await started;
    const file = (app.ctx.config.database as { file: string }).file;
    const again = await runCli('db-backup', ['--from', file, '--to', 'snap.db'], { initCwd: work });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    const missing = await runCli('db-backup', ['--from', path.join(work, 'nope.db'), '--to', 'x.db'], { initCwd: work });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no SQLite database at/);

    const usage = await runCli('db-backup', ['--form', file], { initCwd: work });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: npm run -w @natter\/server db:backup/);
    expect(fs.existsSync(path.join(work, 'x.db'))).toBe(false);
  });

  it('defaults to the database the server would open', async () => {
    const dataDir = path.join(work, 'data');
    const { url, close } = await startTestServer({ env: { DATA_DIR: dataDir } }).then(async (s) => {
      await signUp(s.url);
      return s;
    });
    expect(url).toBeTruthy();
    const result = await runCli('db-backup', ['--to', 'default.db'], { initCwd: work, env: { DATA_DIR: 'data', DATABASE_URL: '' } });
    await close();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const copy = new SQLite(path.join(work, 'default.db'), { readonly: true });
    expect(copy.prepare('select count(*) from users').pluck().get()).toBe(1);
    copy.close();
  });
});
