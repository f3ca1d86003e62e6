import { describe, expect, it } from 'vitest';
import { signUp } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';

const dialects = await dialectsUnderTest();

describe.each(dialects)('messages on $name', (dialect) => {
  const server = serverFor(dialect);

  async function dmPair() {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const dm = await befriend(a, b);
    return { url, a, b, dm };
  }

  it('stores a retried send once and answers it with the same id and sequence', async () => {
    const { a, dm } = await dmPair();
    const send = () => a.api.post(`/api/conversations/${dm.id}/messages`, { clientMsgId: 'retry-0001', body: '你好 👋' });
    const [x, y] = await Promise.all([send(), send()]);
    const z = await send();
    expect(x.body.message.id).toBe(y.body.message.id);
    expect(z.body.message).toEqual(x.body.message);
    expect(x.body.message.seq).toBe(1);
    const history = await a.api.get(`/api/conversations/${dm.id}/messages`);
    expect(history.body.messages).toHaveLength(1);
  });

  it('refuses a clientMsgId reused for another conversation', async () => {
    const { url, a, dm } = await dmPair();
    const c = await signUp(url);
    const other = await befriend(a, c);
    await a.api.post(`/api/conversations/${dm.id}/messages`, { clientMsgId: 'reused-0001', body: 'one' });
    const res = await a.api.post(`/api/conversations/${other.id}/messages`, { clientMsgId: 'reused-0001', body: 'two' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });

  it('numbers messages 1, 2, 3… per conversation and pages history backwards', async () => {
    const { a, b, dm } = await dmPair();
    for (let i = 1; i <= 7; i++) {
      const who = i % 2 ? a : b;
      await who.api.post(`/api/conversations/${dm.id}/messages`, { clientMsgId: `page-${i}-xxxxxxxx`, body: `m${i}` });
    }
    const latest = await b.api.get(`/api/conversations/${dm.id}/messages?limit=3`);
    expect(latest.body.messages.map((m: any) => m.seq)).toEqual([5, 6, 7]);
    expect(latest.body.hasMore).toBe(true);
    const older = await b.api.get(`/api/conversations/${dm.id}/messages?limit=3&before=5`);
    expect(older.body.messages.map((m: any) => m.body)).toEqual(['m2', 'm3', 'm4']);
    const oldest = await b.api.get(`/api/conversations/${dm.id}/messages?limit=3&before=2`);
    expect(oldest.body).toMatchObject({ hasMore: false, messages: [{ seq: 1 }] });
    const all = await b.api.get(`/api/conversations/${dm.id}/messages`);
    expect(all.body.messages).toHaveLength(7);
    expect(all.body.messages[0].createdAt).toBeLessThanOrEqual(all.body.messages[6].createdAt);
  });

  it('validates limits and bodies', async () => {
    const { a, dm } = await dmPair();
    for (const q of ['limit=0', 'limit=201', 'limit=abc', 'before=-1', 'other=1']) {
      const res = await a.api.get(`/api/conversations/${dm.id}/messages?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await a.api.get(`/api/conversations/${dm.id}/messages?limit=200`)).status).toBe(200);
    const path = `/api/conversations/${dm.id}/messages`;
    expect((await a.api.post(path, { clientMsgId: 'body-00001', body: '   ' })).body.error.code).toBe('validation_failed');
    expect((await a.api.post(path, { clientMsgId: 'body-00002', body: 'x'.repeat(4001) })).body.error.code).toBe('validation_failed');
    // 4,000 characters counted as characters: emoji are two UTF-16 units but one character.
    expect((await a.api.post(path, { clientMsgId: 'body-00003', body: '😀'.repeat(4000) })).status).toBe(201);
    expect((await a.api.post(path, { clientMsgId: 'short', body: 'hi' })).body.error.code).toBe('validation_failed');
  });

  it('serves the latest messages of general and of a named room', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const general = (await a.api.get('/api/conversations')).body.conversations.find((c: any) => c.name === 'general');
    await a.api.post(`/api/conversations/${general.id}/messages`, { clientMsgId: `gen-${a.user.id}`, body: 'to everyone' });
    const latest = await a.api.get('/api/messages?limit=50');
    expect(latest.body.messages.at(-1).body).toBe('to everyone');
    expect((await a.api.get('/api/messages?room=general&limit=1')).body.messages).toHaveLength(1);
    expect((await a.api.get('/api/messages?room=nope-nope')).status).toBe(404);
  });
});
