import { describe, expect, it } from 'vitest';
import { sweepUnattached } from '../src/modules/files/commands';
import { nextId, Socket } from './helpers/clients';
import { blobsOnDisk, download, PDF, png, roomOfTwo, upload } from './helpers/files';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

describe.each(dialects)('files in messages on $name', (dialect) => {
  const server = serverFor(dialect);

  async function setup() {
    const { url, app } = await server();
    return { url, uploads: app.ctx.config.uploads.dir, ...(await roomOfTwo(url)) };
  }
  const sendPath = (id: string) => `/api/conversations/${id}/messages`;
  let n = 0;
  const cid = () => `files-${Date.now()}-${++n}`;

  it('sends files with an optional caption, live, in history and to late joiners by replay', async () => {
    const { url, a, b, room } = await setup();
    const image = (await upload(a.api, room.id, 'cat.png', await png(120, 80))).body.file;
    const pdf = (await upload(a.api, room.id, 'spec.pdf', PDF)).body.file;
    const { socket } = await Socket.connect(url, b.token);

    const sent = await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: '', attachments: [image.id, pdf.id] });
    expect(sent.status).toBe(201);
    expect(sent.body.message.body).toBe('');
    expect(sent.body.message.attachments.map((f: any) => f.id)).toEqual([image.id, pdf.id]);
    expect(sent.body.message.attachments[0]).toMatchObject({ kind: 'image', width: 120, height: 80 });

    const live = await socket.next((f) => f.type === 'message' && f.message.id === sent.body.message.id);
    expect(live.type === 'message' && live.message.attachments).toEqual(sent.body.message.attachments);
    const history = await b.api.get(sendPath(room.id));
    expect(history.body.messages.at(-1).attachments).toEqual(sent.body.message.attachments);
    const list = await b.api.get('/api/conversations');
    expect(list.body.conversations.find((c: any) => c.id === room.id).lastMessage.attachments).toHaveLength(2);
    const replay = await Socket.connect(url, b.token, { [room.id]: 0 });
    expect(replay.welcome.missed.at(-1)?.attachments).toHaveLength(2);
    replay.socket.close();

    const captioned = await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: 'see this 👀', attachments: [image.id] });
    expect(captioned.body.message).toMatchObject({ body: 'see this 👀', attachments: [{ id: image.id }] });
    socket.close();
  });

  it('sends files over the socket too', async () => {
    const { url, a, room } = await setup();
    const file = (await upload(a.api, room.id, 'notes.txt', 'some notes')).body.file;
    const { socket } = await Socket.connect(url, a.token);
    const ack = await socket.request({ type: 'send', id: nextId(), conversationId: room.id, clientMsgId: cid(), body: '', attachments: [file.id] });
    expect(ack.type === 'ack' && ack.message.attachments[0]?.name).toBe('notes.txt');
    const empty = await socket.request({ type: 'send', id: nextId(), conversationId: room.id, clientMsgId: cid(), body: ' ', attachments: [] });
    expect(empty).toMatchObject({ type: 'error', code: 'validation_failed' });
    socket.close();
  });

  it('attaches only my own uploads to the conversation they were uploaded to', async () => {
    const { a, b, room } = await setup();
    const other = (await a.api.post('/api/rooms', { name: `o${cid()}`.slice(0, 40) })).body.conversation;
    const elsewhere = (await upload(a.api, other.id, 'elsewhere.txt', 'elsewhere')).body.file;
    const mine = (await upload(a.api, room.id, 'mine.txt', 'mine')).body.file;
    const theirs = (await upload(b.api, room.id, 'theirs.txt', 'theirs')).body.file;
    const stolen = await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: 'x', attachments: [theirs.id] });
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.code).toBe('not_found');
    expect((await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: 'x', attachments: [elsewhere.id] })).status).toBe(404);
    const moved = await b.api.post(sendPath(room.id), { clientMsgId: cid(), body: 'x', attachments: [mine.id] });
    expect(moved.status).toBe(404);
    for (const attachments of [[mine.id, mine.id], Array.from({ length: 11 }, (_, i) => `id${i}`)]) {
      const res = await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: 'x', attachments });
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: '  ' })).body.error.code).toBe('validation_failed');
    // A failed send consumed no sequence number.
    const ok = await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: 'fine', attachments: [mine.id] });
    expect(ok.body.message.seq).toBe(1);
  });

  it('serves a file only to members of its conversation, once it is sent (404 otherwise, by direct URL too)', async () => {
    const { a, b, outsider, room } = await setup();
    const file = (await upload(a.api, room.id, 'private.png', await png())).body.file;
    expect((await download(a.api, file.url)).status).toBe(200);
    // Uploaded but not sent yet: only the uploader sees it.
    expect((await download(b.api, file.url)).status).toBe(404);
    await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: '', attachments: [file.id] });
    expect((await download(b.api, file.url)).status).toBe(200);
    expect((await download(b.api, file.thumbnailUrl)).status).toBe(200);
    for (const url of [file.url, file.thumbnailUrl, '/api/files/doesNotExist', '/api/files/..%2F..%2Fetc']) {
      const res = await download(outsider.api, url);
      expect(res.status, url).toBe(404);
      expect(JSON.parse(res.bytes.toString()).error.code).toBe('not_found');
    }
    const anonymous = await fetch(a.api.base + file.url);
    expect(anonymous.status).toBe(401);
    // A member who leaves loses access.
    await b.api.post(`/api/conversations/${room.id}/leave`);
    expect((await download(b.api, file.url)).status).toBe(404);
  });

  it('answers range requests with 206, refuses unsatisfiable ones with 416, and revalidates by ETag', async () => {
    const { a, room } = await setup();
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    const file = (await upload(a.api, room.id, 'data.bin', bytes)).body.file;
    const whole = await download(a.api, file.url);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.bytes.length).toBe(1000);
    const cases: [string, number, number][] = [['bytes=0-9', 0, 9], ['bytes=990-', 990, 999], ['bytes=-5', 995, 999], ['bytes=500-5000', 500, 999]];
    for (const [range, start, end] of cases) {
      const part = await download(a.api, file.url, { range });
      expect(part.status, range).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
      expect(part.bytes.equals(bytes.subarray(start, end + 1)), range).toBe(true);
    }
    for (const range of ['bytes=1000-', 'bytes=5000-6000', 'bytes=-0']) {
      const res = await download(a.api, file.url, { range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range')).toBe('bytes */1000');
      expect(JSON.parse(res.bytes.toString()).error.code).toBe('range_not_satisfiable');
    }
    for (const range of ['bytes=abc', 'bytes=0-1,5-6', 'items=0-1', 'bytes=9-3']) {
      const res = await download(a.api, file.url, { range });
      expect(res.status, range).toBe(200);
      expect(res.bytes.length).toBe(1000);
    }
    const etag = whole.headers.get('etag') ?? '';
    expect(etag).toBe(`"${file.sha256}"`);
    expect((await download(a.api, file.url, { 'if-none-match': etag })).status).toBe(304);
  });

  it('keeps a file while any message carries it and deletes it with the last one', async () => {
    const { url, a, b, room, uploads } = await setup();
    const file = (await upload(a.api, room.id, 'shared.png', await png())).body.file;
    const blobsWithFile = blobsOnDisk(uploads).length;
    const first = (await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: 'first', attachments: [file.id] })).body.message;
    const second = (await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: '', attachments: [file.id] })).body.message;
    const { socket } = await Socket.connect(url, b.token);

    expect((await b.api.call('DELETE', `${sendPath(room.id)}/${first.id}`)).status).toBe(403);
    expect((await a.api.call('DELETE', `/api/files/${file.id}`)).body.error.code).toBe('conflict');
    expect((await a.api.call('DELETE', `${sendPath(room.id)}/${first.id}`)).status).toBe(204);
    const event = await socket.next((f) => f.type === 'message_deleted');
    expect(event).toEqual({ type: 'message_deleted', conversationId: room.id, messageId: first.id, seq: first.seq });
    expect((await download(b.api, file.url)).status).toBe(200);
    expect(blobsOnDisk(uploads)).toHaveLength(blobsWithFile);

    expect((await a.api.call('DELETE', `${sendPath(room.id)}/${second.id}`)).status).toBe(204);
    expect((await a.api.call('DELETE', `${sendPath(room.id)}/${second.id}`)).status).toBe(204);
    expect((await download(a.api, file.url)).status).toBe(404);
    expect((await download(b.api, file.thumbnailUrl)).status).toBe(404);
    expect(blobsOnDisk(uploads)).toHaveLength(blobsWithFile - 2);

    const history = (await b.api.get(sendPath(room.id))).body.messages;
    expect(history.map((m: any) => [m.seq, m.body, m.attachments.length, m.deleted ?? false])).toEqual([
      [1, '', 0, true],
      [2, '', 0, true],
    ]);
    socket.close();
  });

  it('lets only the sender delete, and hides other conversations behind 404', async () => {
    const { a, outsider, room } = await setup();
    const msg = (await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: 'hello' })).body.message;
    expect((await outsider.api.call('DELETE', `${sendPath(room.id)}/${msg.id}`)).status).toBe(404);
    expect((await a.api.call('DELETE', `${sendPath(room.id)}/nope`)).status).toBe(404);
    const mine = (await upload(a.api, room.id, 'draft.txt', 'draft')).body.file;
    expect((await outsider.api.call('DELETE', `/api/files/${mine.id}`)).status).toBe(404);
    expect((await a.api.call('DELETE', `/api/files/${mine.id}`)).status).toBe(204);
    expect((await download(a.api, mine.url)).status).toBe(404);
  });

  it('sweeps uploads that no message took within a day, and keeps sent ones', async () => {
    const { url, app } = await server();
    const { a, room } = await roomOfTwo(url);
    const abandoned = (await upload(a.api, room.id, 'abandoned.txt', 'left behind')).body.file;
    const sent = (await upload(a.api, room.id, 'sent.txt', 'kept')).body.file;
    await a.api.post(sendPath(room.id), { clientMsgId: cid(), body: '', attachments: [sent.id] });
    expect(await sweepUnattached(app.ctx)).toBe(0);
    await sweepUnattached({ ...app.ctx, now: () => Date.now() + 25 * 3600 * 1000 });
    expect((await download(a.api, abandoned.url)).status).toBe(404);
    expect((await download(a.api, sent.url)).status).toBe(200);
  });
});
