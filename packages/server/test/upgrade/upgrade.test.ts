import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../src/testing';
import { Api, signUp, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { spawnServer } from '../helpers/process';
import { checkOutOldRelease, OLD_RELEASE } from './old-release';

/*
 * A database written by the previous release (its own code, run from a checkout of the tag) is
 * opened by this one: the pending migrations run, and every account, session, friendship, block,
 * request, room, direct conversation, message, file, read position and setting reads back as the
 * old server answered it. Then the upgraded database takes the new features (edits, reactions).
 */

const dialects = await dialectsUnderTest();
const old = checkOutOldRelease();
if (!old && process.env.CI === 'true') throw new Error(`${OLD_RELEASE} (tag or commit) is missing: a full clone is needed for the upgrade test`);
if (!old) console.warn(`\n*** ${OLD_RELEASE} is not in this clone: the upgrade test is skipped ***\n`);
afterAll(() => old?.remove());

type Person = Awaited<ReturnType<typeof signUp>>;
let n = 0;
const clientId = () => `upgrade-${++n}-${Math.random().toString(36).slice(2, 10)}`;

async function ok<T = any>(res: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function upload(p: Person, conversationId: string, name: string, bytes: Buffer): Promise<{ id: string }> {
  const res = await fetch(`${p.api.base}/api/conversations/${conversationId}/files?name=${encodeURIComponent(name)}`, {
    method: 'POST', headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/octet-stream' }, body: bytes,
  });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { file: { id: string } }).file;
}

/** What the old server holds, made through its own API. */
async function seed(url: string) {
  const alice = await signUp(url, uniqueName('alice'));
  const bob = await signUp(url, uniqueName('bob'));
  const carol = await signUp(url, uniqueName('carol'));
  const room = (await ok(alice.api.post('/api/rooms', { name: uniqueName('room'), topic: 'before the upgrade 升级前' }), 201)).conversation;
  const secret = (await ok(bob.api.post('/api/rooms', { name: uniqueName('priv'), visibility: 'private' }), 201)).conversation;
  await ok(bob.api.post(`/api/rooms/${room.name}/join`));
  await ok(carol.api.post(`/api/rooms/${room.name}/join`));
  await ok(bob.api.post(`/api/conversations/${secret.id}/members`, { username: carol.user.username }), 204);
  const say = (p: Person, id: string, body: string, attachments: string[] = []) =>
    ok(p.api.post(`/api/conversations/${id}/messages`, { clientMsgId: clientId(), body, attachments }), 201);
  for (let i = 0; i < 5; i++) await say(i % 2 ? bob : alice, room.id, `room message ${i} **bold** 你好`);
  const doc = await upload(alice, room.id, 'notes.txt', Buffer.from('notes from the old release\n'));
  await say(alice, room.id, 'with a file', [doc.id]);
  const gone = await say(carol, room.id, 'to be deleted');
  await ok(carol.api.call('DELETE', `/api/conversations/${room.id}/messages/${gone.message.id}`), 204);
  await say(carol, secret.id, 'private words');
  // Friends (with the direct conversation accepting opens), a pending request, a block.
  const request = await ok(alice.api.post('/api/friend-requests', { username: bob.user.username, message: 'hi bob' }), 201);
  const accepted = await ok(bob.api.post(`/api/friend-requests/${request.request.id}/accept`));
  const dm = accepted.conversation;
  await say(alice, dm.id, 'a direct message');
  await say(bob, dm.id, 'a direct answer');
  await ok(carol.api.post('/api/friend-requests', { username: alice.user.username, message: 'hello' }), 201);
  await ok(carol.api.call('PUT', `/api/blocks/${bob.user.id}`), 204);
  // Read positions and settings.
  await ok(bob.api.post(`/api/conversations/${room.id}/read`, { seq: 3 }), 204);
  await ok(alice.api.post(`/api/conversations/${dm.id}/read`, { seq: 2 }), 204);
  await ok(bob.api.call('PATCH', '/api/settings', { onlyFriendsMayDm: false, sendReadReceipts: false }));
  return { people: { alice, bob, carol }, room, dm, doc };
}

/** Everything each person can read back, as plain JSON (file contents by hash). */
async function snapshot(people: Record<string, Person>) {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(people)) {
    const conversations = (await ok(p.api.get('/api/conversations'))).conversations as { id: string }[];
    const histories: Record<string, unknown> = {};
    const files: Record<string, unknown> = {};
    for (const c of conversations) {
      histories[c.id] = (await ok(p.api.get(`/api/conversations/${c.id}/messages?limit=200`))).messages;
      const shared = (await ok(p.api.get(`/api/conversations/${c.id}/files`))).files as { file: { id: string } }[];
      for (const s of shared) {
        const res = await fetch(`${p.api.base}/api/files/${s.file.id}`, { headers: { authorization: `Bearer ${p.token}` } });
        files[s.file.id] = { status: res.status, sha256: createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex') };
      }
      files[`${c.id} shared`] = shared;
    }
    out[name] = {
      me: (await ok(p.api.get('/api/me'))).user,
      conversations, histories, files,
      friends: (await ok(p.api.get('/api/friends'))).friends,
      requests: await ok(p.api.get('/api/friend-requests')),
      blocks: await ok(p.api.get('/api/blocks')),
      settings: await ok(p.api.get('/api/settings')),
      storage: await ok(p.api.get('/api/me/storage')),
      sessions: ((await ok(p.api.get('/api/sessions'))).sessions as { id: string; createdAt: number }[]).map((s) => ({ id: s.id, createdAt: s.createdAt })),
    };
  }
  return out;
}

describe.runIf(old !== null).each(dialects)(`upgrading a ${OLD_RELEASE} database on $name`, (dialect) => {
  afterAll(() => dialect.dropAll());

  it('keeps every item the old release stored, and the upgraded database takes the new features', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-upgrade-'));
    try {
      const databaseUrl = await dialect.create();
      const env = { DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
      const previous = await spawnServer(env, old!.serverDir);
      let seeded: Awaited<ReturnType<typeof seed>>;
      let before: Awaited<ReturnType<typeof snapshot>>;
      try {
        // This really is the old code: routes added since answer 404 there.
        expect((await fetch(`${previous.url}/api/limits`)).status).toBe(404);
        seeded = await seed(previous.url);
        before = await snapshot(seeded.people);
        const alicesView = before.alice as { histories: Record<string, unknown[]>; files: Record<string, { sha256?: string }> };
        expect(alicesView.histories[seeded.room.id]!.length).toBeGreaterThanOrEqual(6);
        expect(alicesView.files[seeded.doc.id]!.sha256).toBe(createHash('sha256').update('notes from the old release\n').digest('hex'));
      } finally {
        previous.child.kill('SIGTERM');
        await new Promise((resolve) => previous.child.on('exit', resolve));
      }

      const current = await startTestServer({ ...(databaseUrl ? { databaseUrl } : {}), env });
      try {
        // The old sessions still hold: the same bearer tokens, now against the new server.
        const people = Object.fromEntries(Object.entries(seeded.people).map(([k, p]) => [k, { ...p, api: new Api(current.url, p.token) }]));
        const after = await snapshot(people);
        expect(after).toMatchObject(before);
        // Passwords too.
        const login = await new Api(current.url).post('/api/auth/login', { username: seeded.people.alice.user.username, password: seeded.people.alice.password });
        expect(login.status).toBe(200);
        // The new columns work on old rows: edit and react to a message written by the old release.
        const { alice, bob } = people as Record<string, Person>;
        const history = (await ok(alice!.api.get(`/api/conversations/${seeded.room.id}/messages`))).messages as { id: string; sender: { id: string } }[];
        const mine = history.find((m) => m.sender.id === alice!.user.id)!;
        const edited = await ok(alice!.api.call('PATCH', `/api/conversations/${seeded.room.id}/messages/${mine.id}`, { body: 'edited after the upgrade' }));
        expect(edited.message.body).toBe('edited after the upgrade');
        await ok(bob!.api.call('PUT', `/api/conversations/${seeded.room.id}/messages/${mine.id}/reactions/${encodeURIComponent('👍')}`));
        const sent = await ok(bob!.api.post(`/api/conversations/${seeded.dm.id}/messages`, { clientMsgId: clientId(), body: 'after the upgrade' }), 201);
        expect(sent.message.seq).toBe(3);
      } finally {
        await current.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
