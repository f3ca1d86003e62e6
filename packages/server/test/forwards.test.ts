import { describe, expect, it } from 'vitest';
import { nextId, signUp } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { download, PDF, upload } from './helpers/files';
import { roomWith, say } from './helpers/rooms';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';

const dialects = await dialectsUnderTest();

describe.each(dialects)('forwarding messages on $name', (dialect) => {
  const server = serverFor(dialect);
  const forward = (who: { api: { post: (p: string, b: unknown) => Promise<{ status: number; body: any }> } }, to: string, messageId: string, extra: Record<string, unknown> = {}) =>
    who.api.post(`/api/conversations/${to}/messages`, { clientMsgId: `fwd-${nextId()}-${Math.random().toString(36).slice(2)}`, body: '', forwardOf: messageId, ...extra });

  it('copies text and files into another conversation I belong to, names where it came from, and lets its members open the files', async () => {
    const { url } = await server();
    const source = await roomWith(url, 1);
    const [author] = source.members;
    const file = (await upload(author!.api, source.room.id, 'plan.pdf', PDF)).body.file;
    const original = await say(author!, source.room.id, 'the plan', { attachments: [file.id] });
    const target = await roomWith(url, 0);
    // The source room's owner also belongs to the target room.
    await target.owner.api.post(`/api/conversations/${target.room.id}/members`, { username: source.owner.user.username });
    const reader = await signUp(url);
    await reader.api.post(`/api/rooms/${target.room.name}/join`);

    const sent = await forward(source.owner, target.room.id, original.id);
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({
      conversationId: target.room.id, body: 'the plan', attachments: [{ id: file.id }], sender: { id: source.owner.user.id },
      forwardedFrom: { kind: 'room', conversationName: source.room.name, sender: { id: author!.user.id }, sentAt: original.createdAt },
    });
    expect((await download(reader.api, file.url)).bytes.equals(PDF)).toBe(true);
    // Deleting the original leaves the forwarded copy and its file.
    await author!.api.call('DELETE', `/api/conversations/${source.room.id}/messages/${original.id}`);
    expect((await download(reader.api, file.url)).status).toBe(200);
    // A forward of the forward still names the first origin.
    const again = await forward(reader, target.room.id, sent.body.message.id);
    expect(again.body.message.forwardedFrom).toMatchObject({ conversationName: source.room.name, sender: { id: author!.user.id } });
    // A stranger to both still cannot open the file.
    const stranger = await signUp(url);
    expect((await download(stranger.api, file.url)).status).toBe(404);
  });

  it('names a direct conversation without its people, and refuses what I cannot see, deleted messages and forwards with text', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const dm = await befriend(a, b);
    const secret = await say(b, dm.id, 'between us');
    const room = (await roomWith(url, 0));
    await room.owner.api.post(`/api/conversations/${room.room.id}/members`, { username: a.user.username });
    const sent = await forward(a, room.room.id, secret.id);
    expect(sent.body.message.forwardedFrom).toEqual({ kind: 'dm', conversationName: null, sender: { id: b.user.id, username: b.user.username }, sentAt: secret.createdAt });

    expect((await forward(room.owner, room.room.id, secret.id)).status).toBe(404);
    expect((await forward(a, room.room.id, 'no-such-message')).status).toBe(404);
    await b.api.call('DELETE', `/api/conversations/${dm.id}/messages/${secret.id}`);
    expect((await forward(a, room.room.id, secret.id)).body.error.code).toBe('message_deleted');
    const mine = await say(a, dm.id, 'mine');
    for (const extra of [{ body: 'comment' }, { replyTo: mine.id }, { mentionsRoom: true }]) {
      expect((await forward(a, room.room.id, mine.id, extra)).body.error.code).toBe('validation_failed');
    }
    expect((await room.owner.api.get(`/api/conversations/${room.room.id}`)).body.conversation.lastSeq).toBe(1);
  });
});
