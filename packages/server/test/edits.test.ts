import { describe, expect, it } from 'vitest';
import { signUp, Socket } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { roomWith, say } from './helpers/rooms';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

describe.each(dialects)('editing messages on $name', (dialect) => {
  const server = serverFor(dialect);
  let admin: Awaited<ReturnType<typeof signUp>> | undefined;
  /** The first account of a server is its administrator. */
  async function setup() {
    const s = await server();
    admin ??= await signUp(s.url);
    return { url: s.url, app: s.app, admin };
  }

  it('lets the sender edit text live, marks it edited and keeps earlier versions for the sender and administrators', async () => {
    const { url, admin } = await setup();
    const { owner, members: [b], room } = await roomWith(url);
    const watcher = (await Socket.connect2(url, b!.token)).socket;
    const m = await say(owner, room.id, 'helo world');
    const path = `/api/conversations/${room.id}/messages/${m.id}`;
    const first = await owner.api.call('PATCH', path, { body: 'hello world' });
    expect(first.status).toBe(200);
    expect(first.body.message).toMatchObject({ id: m.id, body: 'hello world', changeSeq: 1 });
    expect(first.body.message.editedAt).toBeGreaterThanOrEqual(m.createdAt);
    const second = await owner.api.call('PATCH', path, { body: 'hello, world' });
    // The same text again changes nothing: no change, no version.
    const same = await owner.api.call('PATCH', path, { body: 'hello, world' });
    expect(same.body.message).toMatchObject({ body: 'hello, world', changeSeq: 2 });

    await watcher.next((f) => f.type === 'message_change' && f.change.changeSeq === 2);
    expect(watcher.changes()).toMatchObject([
      { kind: 'edit', changeSeq: 1, body: 'hello world', messageId: m.id, seq: m.seq, actor: { id: owner.user.id } },
      { kind: 'edit', changeSeq: 2, body: 'hello, world', editedAt: second.body.message.editedAt },
    ]);
    const history = (await b!.api.get(`/api/conversations/${room.id}/messages`)).body.messages;
    expect(history.at(-1)).toMatchObject({ body: 'hello, world', editedAt: second.body.message.editedAt, changeSeq: 2 });

    const versions = await owner.api.get(`${path}/edits`);
    expect(versions.body.edits.map((e: { body: string }) => e.body)).toEqual(['helo world', 'hello world']);
    expect(versions.body.edits[0].writtenAt).toBe(m.createdAt);
    expect(versions.body.edits[1].writtenAt).toBe(first.body.message.editedAt);
    expect((await admin.api.get(`${path}/edits`)).body.edits).toHaveLength(2);
    expect((await b!.api.get(`${path}/edits`)).status).toBe(404);
    watcher.close();
  });

  it('refuses edits by others, of deleted messages, too long or nested too deeply, and stores nothing then', async () => {
    const { url, admin } = await setup();
    const { owner, members: [b], room } = await roomWith(url);
    const m = await say(owner, room.id, 'original');
    const path = `/api/conversations/${room.id}/messages/${m.id}`;
    const refused = async (who: typeof owner, body: unknown, status: number, code: string) => {
      const res = await who.api.call('PATCH', path, body);
      expect(res.status, code).toBe(status);
      expect(res.body.error.code).toBe(code);
    };
    await refused(b!, { body: 'not mine' }, 403, 'forbidden');
    await refused(admin, { body: 'not even an admin' }, 404, 'not_found');
    await refused(owner, { body: 'x'.repeat(4001) }, 400, 'validation_failed');
    await refused(owner, { body: '   ' }, 400, 'validation_failed');
    await refused(owner, { body: `${'>'.repeat(3000)} deep` }, 400, 'markdown_too_complex');
    await refused(owner, { body: `${'- '.repeat(40)}list` }, 400, 'markdown_too_complex');
    await refused(owner, { body: `[x](https://example.com/${'a'.repeat(4000 - 30)})` }, 400, 'markdown_too_complex');
    await refused(owner, { body: 'ok', attachments: [] }, 400, 'validation_failed');
    const other = (await roomWith(url, 0)).room;
    expect((await owner.api.call('PATCH', `/api/conversations/${other.id}/messages/${m.id}`, { body: 'elsewhere' })).status).toBe(404);
    const gone = await say(owner, room.id, 'to delete');
    await owner.api.call('DELETE', `/api/conversations/${room.id}/messages/${gone.id}`);
    const res = await owner.api.call('PATCH', `/api/conversations/${room.id}/messages/${gone.id}`, { body: 'back' });
    expect(res.body.error.code).toBe('message_deleted');
    const history = (await owner.api.get(`/api/conversations/${room.id}/messages`)).body.messages;
    expect(history[0]).toMatchObject({ body: 'original' });
    expect(history[0].editedAt).toBeUndefined();
    // Only the deletion is on the log.
    expect((await owner.api.get(`/api/conversations/${room.id}`)).body.conversation.lastChangeSeq).toBe(1);
    // Sends meet the same parser limits, and are stored only when within them.
    const bomb = await owner.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: `bomb-${Date.now()}-x`, body: `${'>'.repeat(2000)} x` });
    expect(bomb.status).toBe(400);
    expect(bomb.body.error.code).toBe('markdown_too_complex');
    // Code blocks are text: deep prefixes inside a fence are fine.
    expect((await owner.api.call('PATCH', path, { body: `\`\`\`\n${'> '.repeat(100)}\n\`\`\`` })).status).toBe(200);
  });

  it('keeps captions editable and files in place', async () => {
    const { url } = await setup();
    const { owner, room } = await roomWith(url, 0);
    const { upload, PDF } = await import('./helpers/files');
    const file = (await upload(owner.api, room.id, 'notes.pdf', PDF)).body.file;
    const m = await say(owner, room.id, 'caption', { attachments: [file.id] });
    const res = await owner.api.call('PATCH', `/api/conversations/${room.id}/messages/${m.id}`, { body: '' });
    expect(res.status).toBe(200);
    expect(res.body.message).toMatchObject({ body: '', attachments: [{ id: file.id }] });
  });

  it('limits editing to the window administrators set, audited; only administrators see and change settings', async () => {
    const { url, app, admin } = await setup();
    const { owner, room } = await roomWith(url, 0);
    expect((await owner.api.get('/api/admin/settings')).status).toBe(403);
    expect((await owner.api.call('PATCH', '/api/admin/settings', { editWindowMinutes: 1 })).status).toBe(403);
    expect((await admin.api.get('/api/admin/settings')).body).toEqual({ settings: { editWindowMinutes: 0 } });
    for (const bad of [{ editWindowMinutes: -1 }, { editWindowMinutes: 1.5 }, { editWindowMinutes: '5' }, { other: 1 }]) {
      expect((await admin.api.call('PATCH', '/api/admin/settings', bad)).body.error.code).toBe('validation_failed');
    }
    const set = await admin.api.call('PATCH', '/api/admin/settings', { editWindowMinutes: 1 });
    expect(set.body).toEqual({ settings: { editWindowMinutes: 1 } });
    expect((await owner.api.get('/api/limits')).body).toMatchObject({ editWindowMinutes: 1, reactionsPerMessage: 20, reactionsPerUser: 10 });
    const audit = (await admin.api.get('/api/admin/audit')).body.entries;
    expect(audit[0]).toMatchObject({ action: 'update_settings', actor: { id: admin.user.id }, detail: '{"editWindowMinutes":1}' });

    const m = await say(owner, room.id, 'quick');
    const path = `/api/conversations/${room.id}/messages/${m.id}`;
    expect((await owner.api.call('PATCH', path, { body: 'quick fix' })).status).toBe(200);
    const realNow = app.ctx.now;
    app.ctx.now = () => realNow() + 61_000;
    try {
      const late = await owner.api.call('PATCH', path, { body: 'too late' });
      expect(late.status).toBe(403);
      expect(late.body.error.code).toBe('edit_window_closed');
      await admin.api.call('PATCH', '/api/admin/settings', { editWindowMinutes: 0 });
      expect((await owner.api.call('PATCH', path, { body: 'no limit' })).status).toBe(200);
    } finally {
      app.ctx.now = realNow;
    }
  });
});
