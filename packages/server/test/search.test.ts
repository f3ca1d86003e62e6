import { describe, expect, it } from 'vitest';
import { signUp } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { roomWith, say } from './helpers/rooms';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

const CORPUS = [
  '我家在上海东边。',
  '具体情况请看文档',
  '秋の夜に鈴虫が鳴いている',
  '爸爸回来了',
  'hello everyone, standup in 5',
  '학교에 갔어요',
  'Ｈｅｌｌｏ from the full-width keyboard',
  'Le café est fermé',
  '会议改到 Friday 下午 3 点 🎉',
  'ship it 🚀 today',
  '情况具体不明', // the pairs of 具体情况 in another order, for the text check
  '上',
];

type Hit = { message: { id: string; body: string; conversationId: string }; conversation: { id: string; kind: string; name: string | null }; highlights: [number, number][] };

describe.each(dialects)('message search on $name', (dialect) => {
  const server = serverFor(dialect, { MESSAGE_SEARCHES_PER_MINUTE: '100' });

  async function corpusRoom() {
    const { url } = await server();
    const { owner, members, room } = await roomWith(url, 1);
    for (const body of CORPUS) await say(owner, room.id, body);
    const search = async (q: string, extra = '') => {
      const res = await members[0]!.api.get(`/api/search/messages?in=${room.id}&q=${encodeURIComponent(q)}${extra}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { results: Hit[]; nextCursor: string | null; partial: boolean };
    };
    return { url, owner, member: members[0]!, room, search };
  }
  const bodies = (r: { results: Hit[] }) => r.results.map((h) => h.message.body);
  const marked = (h: Hit) => h.highlights.map(([s, e]) => h.message.body.slice(s, e));

  it('finds Chinese, Japanese and Korean words of 1, 2 and more characters inside sentences', async () => {
    const { search } = await corpusRoom();
    const shanghai = await search('上海');
    expect(bodies(shanghai)).toEqual(['我家在上海东边。']);
    expect(marked(shanghai.results[0]!)).toEqual(['上海']);
    // Three or more characters must appear in order: '情况具体不明' holds the same pairs but not the word.
    expect(bodies(await search('具体情况'))).toEqual(['具体情况请看文档']);
    expect(bodies(await search('鈴虫'))).toEqual(['秋の夜に鈴虫が鳴いている']);
    expect(bodies(await search('爸爸'))).toEqual(['爸爸回来了']);
    expect(bodies(await search('学校'))).toEqual([]);
    expect(bodies(await search('학교'))).toEqual(['학교에 갔어요']);
    expect(bodies(await search('鳴いて'))).toEqual(['秋の夜に鈴虫が鳴いている']);
    // One character: every message holding it, newest first.
    expect(bodies(await search('上'))).toEqual(['上', '我家在上海东边。']);
    expect(bodies(await search('东边 上海'))).toEqual(['我家在上海东边。']);
  });

  it('finds English by prefix, folds case, width and Latin diacritics, and finds emoji', async () => {
    const { search } = await corpusRoom();
    const hell = await search('hell');
    expect(bodies(hell)).toEqual(['Ｈｅｌｌｏ from the full-width keyboard', 'hello everyone, standup in 5']);
    expect(marked(hell.results[0]!)).toEqual(['Ｈｅｌｌ']);
    expect(bodies(await search('ＨＥＬＬＯ'))).toHaveLength(2);
    expect(bodies(await search('cafe'))).toEqual(['Le café est fermé']);
    expect(bodies(await search('FERME'))).toEqual(['Le café est fermé']);
    expect(bodies(await search('ello'))).toEqual([]);
    expect(bodies(await search('🚀'))).toEqual(['ship it 🚀 today']);
    expect(bodies(await search('friday 下午'))).toEqual(['会议改到 Friday 下午 3 点 🎉']);
    expect(bodies(await search('hello 上海'))).toEqual([]);
  });

  it('reflects edits and deletions at once', async () => {
    const { owner, room, search } = await corpusRoom();
    const m = await say(owner, room.id, '周末去杭州');
    expect(bodies(await search('杭州'))).toEqual(['周末去杭州']);
    const path = `/api/conversations/${room.id}/messages/${m.id}`;
    expect((await owner.api.call('PATCH', path, { body: '周末去苏州 https://example.com' })).status).toBe(200);
    expect(bodies(await search('杭州'))).toEqual([]);
    expect(bodies(await search('苏州'))).toEqual(['周末去苏州 https://example.com']);
    expect(bodies(await search('', '&has=link'))).toEqual(['周末去苏州 https://example.com']);
    expect((await owner.api.call('DELETE', path)).status).toBe(204);
    expect(bodies(await search('苏州'))).toEqual([]);
  });

  it('never shows conversations the user is not in, left, or senders the user blocked', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url, 1);
    const outsider = await signUp(url);
    const secret = (await owner.api.post('/api/rooms', { name: `secret${Date.now()}`, visibility: 'private' })).body.conversation;
    await say(owner, secret.id, 'zebrawords in private');
    await say(owner, room.id, 'zebrawords in public');
    await say(b!, room.id, 'zebrawords from b');
    const find = async (who: typeof owner, q: string) => (await who.api.get(`/api/search/messages?q=${encodeURIComponent(q)}`)).body as { results: Hit[] };
    expect(bodies(await find(owner, 'zebrawords')).sort()).toEqual(['zebrawords from b', 'zebrawords in private', 'zebrawords in public']);
    expect(bodies(await find(b!, 'zebrawords')).sort()).toEqual(['zebrawords from b', 'zebrawords in public']);
    expect(bodies(await find(outsider, 'zebrawords'))).toEqual([]);
    expect((await outsider.api.get(`/api/search/messages?q=zebra&in=${secret.id}`)).status).toBe(404);

    expect((await owner.api.call('PUT', `/api/blocks/${b!.user.id}`)).status).toBe(204);
    expect(bodies(await find(owner, 'zebrawords')).sort()).toEqual(['zebrawords in private', 'zebrawords in public']);

    expect((await b!.api.post(`/api/conversations/${room.id}/leave`)).status).toBe(204);
    expect(bodies(await find(b!, 'zebrawords'))).toEqual([]);
  });

  it('filters by sender, pins, mentions, dates and files, as query syntax and as parameters', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url, 1);
    const first = await say(owner, room.id, 'quokka one');
    await say(b!, room.id, 'quokka two');
    const third = await say(b!, room.id, 'quokka three', { mentions: [owner.user.id] });
    expect((await owner.api.call('PUT', `/api/conversations/${room.id}/messages/${first.id}/pin`)).status).toBeLessThan(300);
    const q = async (query: string) => {
      const res = await owner.api.get(`/api/search/messages?q=${encodeURIComponent(query)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return bodies(res.body);
    };
    expect(await q('quokka')).toEqual(['quokka three', 'quokka two', 'quokka one']);
    expect(await q(`quokka from:${b!.user.username}`)).toEqual(['quokka three', 'quokka two']);
    expect((await owner.api.get(`/api/search/messages?q=quokka&from=${b!.user.id}`)).body.results).toHaveLength(2);
    expect(await q('quokka is:pinned')).toEqual(['quokka one']);
    expect(await q('is:pinned')).toContain('quokka one');
    expect(await q('quokka mentions:me')).toEqual(['quokka three']);
    expect(await q(`quokka in:${room.name}`)).toHaveLength(3);
    expect(await q('quokka before:2000-01-01')).toEqual([]);
    expect(await q('quokka after:2000-01-01')).toHaveLength(3);
    expect(await q(`quokka after:${third.createdAt - 1}`)).toEqual(['quokka three']);
    expect(await q('quokka has:file')).toEqual([]);
    expect(await q('quokka from:nobody_here_at_all')).toEqual([]);
  });

  it('pages newest first without duplicates', async () => {
    const { url } = await server();
    const { owner, room } = await roomWith(url, 0);
    for (let i = 0; i < 25; i++) await say(owner, room.id, `pagetest 第${i}页`);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: { status: number; body: any } = await owner.api.get(`/api/search/messages?q=pagetest&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...bodies(res.body));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `pagetest 第${24 - i}页`));
  });

  it('answers bad input with 400 or an empty result, never a 500', async () => {
    const { search, member } = await corpusRoom();
    const status = async (qs: string) => (await member.api.get(`/api/search/messages?${qs}`));
    for (const [qs, code] of [
      ['q=', 'invalid_query'], ['has=file', 'validation_failed'], ['q=%20%20%20', 'invalid_query'], [`q=${'a'.repeat(1000)}`, 'validation_failed'],
      ['q=foo%20bogus:1', 'invalid_query'], ['q=has:pdf', 'invalid_query'], ['q=before:2026-02-30', 'invalid_query'],
      ['q=before:99999-01-01', 'invalid_query'], ['q=after:-1', 'invalid_query'], ['q=x&cursor=abc', 'validation_failed'],
      ['q=x&limit=0', 'validation_failed'], ['q=in:', 'invalid_query'], ['q=x&unknown=1', 'validation_failed'],
      ['q=after:2026-01-02%20before:2026-01-01', 'invalid_query'],
    ] as const) {
      const res = await status(qs);
      expect(res.status, qs).toBe(400);
      expect(res.body.error.code, qs).toBe(code);
    }
    for (const q of ['%', '_', '*', '"', "'", 'NEAR(a b)', '"hello', 'hello OR', '-hello', 'hello*', '(', ')', '\\', '\u0000', 'a\u0000b', '^', ':', 'a:', 'http://x.y']) {
      const res = await status(`q=${encodeURIComponent(q)}`);
      expect([200, 400], q).toContain(res.status);
    }
    // Invalid UTF-8 and a lone surrogate, as raw bytes.
    for (const raw of ['%ED%A0%80', '%FF%FE', '%C3']) expect([200, 400], raw).toContain((await status(`q=${raw}`)).status);
    expect(bodies(await search('"hello'))).toHaveLength(2);
    expect(bodies(await search('hello OR 上海'))).toEqual([]);
    expect((await status(`q=x&cursor=${'9'.repeat(30)}`)).status).toBe(200);
  });

  it('is described in the OpenAPI document', async () => {
    const { url } = await server();
    const doc = (await (await signUp(url)).api.get('/api/openapi.json')).body;
    const op = doc.paths['/api/search/messages'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(['q', 'in', 'from', 'has', 'before', 'after', 'is', 'mentions', 'cursor', 'limit']);
    expect(op.responses['200'].content['application/json'].schema.properties.results).toBeTruthy();
  });

  it('limits searches per user with 429 rate_limited', async () => {
    const { url } = await server();
    const me = await signUp(url);
    let last = 0;
    let code = '';
    for (let i = 0; i < 150 && last !== 429; i++) {
      const res = await me.api.get('/api/search/messages?q=x');
      last = res.status;
      code = res.body?.error?.code ?? '';
    }
    expect(last).toBe(429);
    expect(code).toBe('rate_limited');
  });
});
