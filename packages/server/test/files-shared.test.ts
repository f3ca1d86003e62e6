import { describe, expect, it } from 'vitest';
import { Api } from './helpers/clients';
import { PDF, png, roomOfTwo, upload } from './helpers/files';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

/** The list behind a room's "Files" panel: what members shared, newest first, without deleted messages. */
describe.each(dialects)('files shared in a conversation on $name', (dialect) => {
  const server = serverFor(dialect);
  let n = 0;
  const cid = () => `shared-${Date.now()}-${++n}`;

  it('lists files newest message first, a page of messages at a time, to members only', async () => {
    const { url } = await server();
    const { a, b, outsider, room } = await roomOfTwo(url);
    const send = async (body: string, files: { id: string }[]) =>
      (await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: cid(), body, attachments: files.map((f) => f.id) })).body.message;

    const cat = (await upload(a.api, room.id, 'cat.png', await png(60, 40))).body.file;
    const spec = (await upload(a.api, room.id, 'spec.pdf', PDF)).body.file;
    const both = await send('two files', [cat, spec]);
    await send('just words', []);
    const regret = (await upload(a.api, room.id, 'regret.pdf', PDF)).body.file;
    const deleted = await send('', [regret]);
    expect((await a.api.call('DELETE', `/api/conversations/${room.id}/messages/${deleted.id}`)).status).toBe(204);
    const notes = (await upload(a.api, room.id, 'notes.pdf', PDF)).body.file;
    const latest = await send('', [notes]);
    // Uploaded but never sent: not shared.
    await upload(a.api, room.id, 'draft.pdf', PDF);

    const all = await b.api.get(`/api/conversations/${room.id}/files`);
    expect(all.status).toBe(200);
    expect(all.body.hasMore).toBe(false);
    expect(all.body.files.map((f: { file: { name: string } }) => f.file.name)).toEqual(['notes.pdf', 'cat.png', 'spec.pdf']);
    expect(all.body.files[1]).toMatchObject({
      messageId: both.id, seq: both.seq, sender: { id: a.user.id, username: a.user.username }, sharedAt: both.createdAt,
      file: { id: cat.id, kind: 'image', width: 60, height: 40, url: `/api/files/${cat.id}` },
    });

    const first = await b.api.get(`/api/conversations/${room.id}/files?limit=1`);
    expect(first.body).toMatchObject({ hasMore: true, files: [{ messageId: latest.id }] });
    const next = await b.api.get(`/api/conversations/${room.id}/files?limit=1&before=${latest.seq}`);
    // A message's files are never split across pages.
    expect(next.body.files.map((f: { file: { id: string } }) => f.file.id)).toEqual([cat.id, spec.id]);
    expect(next.body.hasMore).toBe(false);

    expect((await outsider.api.get(`/api/conversations/${room.id}/files`)).status).toBe(404);
    expect((await b.api.get(`/api/conversations/${room.id}/files?limit=500`)).body.error.code).toBe('validation_failed');
  });

  it("tells a user how much of their quota their own uploads take, and the largest file accepted", async () => {
    const { url, app } = await server();
    const { a, b, room } = await roomOfTwo(url);
    const { quotaBytes, maxBytes } = app.ctx.config.uploads;
    expect((await a.api.get('/api/me/storage')).body).toEqual({ usedBytes: 0, quotaBytes, maxUploadBytes: maxBytes });
    const bytes = await png(50, 50);
    expect((await upload(a.api, room.id, 'one.png', bytes)).status).toBe(201);
    expect((await upload(a.api, room.id, 'two.pdf', PDF)).status).toBe(201);
    expect((await a.api.get('/api/me/storage')).body.usedBytes).toBe(bytes.length + Buffer.byteLength(PDF));
    expect((await b.api.get('/api/me/storage')).body.usedBytes).toBe(0);
    expect((await new Api(url).get('/api/me/storage')).status).toBe(401);
  });
});
