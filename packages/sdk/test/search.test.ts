import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, startTestServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('searchMessages', () => {
  it('finds Chinese inside a sentence with highlights, filters by sender and pages by cursor', async () => {
    const alice = await newUser(server.url, 'salice');
    const bob = await newUser(server.url, 'sbob');
    const [general] = await alice.client.listConversations();
    const id = general!.id;
    await alice.client.sendMessage(id, '我家在上海东边。');
    await bob.client.sendMessage(id, '上海见');
    await alice.client.sendMessage(id, '上海的天气');

    const page = await alice.client.searchMessages('上海', { in: id, limit: 2 });
    expect(page.results.map((r) => r.message.body)).toEqual(['上海的天气', '上海见']);
    expect(page.results[0]!.highlights).toEqual([[0, 2]]);
    expect(page.results[0]!.conversation).toMatchObject({ id, kind: 'room', name: 'general' });
    const next = await alice.client.searchMessages('上海', { in: id, limit: 2, cursor: page.nextCursor! });
    expect(next.results.map((r) => r.message.body)).toEqual(['我家在上海东边。']);
    expect(next.nextCursor).toBeNull();

    const fromBob = await alice.client.searchMessages('上海', { from: bob.username });
    expect(fromBob.results.map((r) => r.message.body)).toEqual(['上海见']);
    await expect(alice.client.searchMessages('  ')).rejects.toMatchObject({ code: 'invalid_query' });
  });
});
