import { ClientFrame, type RouteDef, routes } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { Socket, nextId, signUp, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { serverFor } from '../helpers/server';
import { type Field, stringFields } from '../helpers/schema-fields';

/*
 * Every text field a client can send, found by walking the protocol's schemas (the REST route
 * table and the ClientFrame union), gets a NUL: each must answer 400 `invalid_text` (socket: an
 * error frame with the request id) on both dialects. A field added later is walked like the rest.
 * Before the rule, PostgreSQL answered 500 ("invalid byte sequence for encoding UTF8: 0x00").
 */

const dialects = await dialectsUnderTest();
const FAKE_ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const BAD = 'a\u0000b';
/** Fields cleaned instead of refused, with the reason (see the schema's comment). */
const CLEANED = new Set(['uploadFile query name']);

interface Case {
  route: string;
  def: RouteDef;
  where: 'params' | 'query' | 'body';
  field: Field;
}

function restCases(): Case[] {
  const cases: Case[] = [];
  for (const [route, def] of Object.entries(routes as Record<string, RouteDef>)) {
    for (const where of ['params', 'query', 'body'] as const) {
      const schema = def[where];
      if (!schema) continue;
      for (const field of stringFields(schema)) cases.push({ route, def, where, field });
    }
  }
  return cases;
}

function label(c: Case): string {
  return `${c.route} ${c.where} ${c.field.label}`;
}

/** The request for one case: the bad text in its field, every other part harmless (other errors lose to invalid_text). */
function request(c: Case): { path: string; body?: unknown } {
  const target = c.where === 'params' ? c.field.path[0] : undefined;
  let path = c.def.path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    name === target ? encodeURIComponent(BAD) : name === 'name' ? 'general' : FAKE_ID,
  );
  if (c.where === 'query') path += `?${encodeURIComponent(String(c.field.path[0]))}=${encodeURIComponent(BAD)}`;
  if (c.where === 'body') return { path, body: c.field.build(BAD) };
  return { path, ...(c.def.body ? { body: {} } : {}) };
}

const restTable = restCases();
const frameTable = ClientFrame.options.flatMap((option) => {
  const type = option.shape.type.value;
  return stringFields(option).filter((f) => f.label !== 'type').map((field) => ({ type, field }));
});

describe('the control character table', () => {
  it('covers bodies, query strings, path parameters and socket frames', () => {
    const where = new Set(restTable.map((c) => c.where));
    expect([...where].sort()).toEqual(['body', 'params', 'query']);
    expect(restTable.length).toBeGreaterThan(60);
    for (const must of ['sendMessage body body', 'createRoom body topic', 'createRoom body name', 'login body username', 'listPublicRooms query q', 'searchUsers query q', 'getRoomInfo params name', 'editMessage body body', 'register body username']) {
      expect(restTable.map(label), must).toContain(must);
    }
    expect(frameTable.map((f) => `${f.type} ${f.field.label}`)).toEqual(expect.arrayContaining(['send body', 'send id', 'hello cursors{key}', 'typing conversationId']));
  });
});

describe.each(dialects)('control characters on $name', (dialect) => {
  const server = serverFor(dialect);
  let first: ReturnType<typeof signUp> | undefined;
  /** The first account is an administrator, so admin routes validate their input like any other. */
  const founder = async () => (first ??= server().then(({ url }) => signUp(url)));

  it('answers 400 invalid_text for a NUL in every REST text field', async () => {
    const a = await founder();
    const failures: string[] = [];
    for (const c of restTable) {
      if (CLEANED.has(label(c))) continue;
      const { path, body } = request(c);
      const res = await a.api.call(c.def.method, path, body);
      if (res.status !== 400 || res.body?.error?.code !== 'invalid_text') failures.push(`${label(c)}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers an error frame invalid_text, with the request id, for a NUL in every socket frame field', async () => {
    const { url } = await server();
    const a = await founder();
    const socket = await Socket.open(url, a.token);
    const failures: string[] = [];
    for (const { type, field } of frameTable) {
      const id = nextId();
      const frame = { ...(field.build(BAD) as object), type, ...(field.label === 'id' ? {} : { id }) };
      socket.send(frame);
      const expectedId = field.label === 'id' ? null : id;
      const answer = await socket.next((f) => f.type === 'error' && f.id === expectedId && !socket.frames.slice(0, -1).includes(f));
      socket.frames.splice(socket.frames.indexOf(answer), 1);
      if (answer.type !== 'error' || answer.code !== 'invalid_text') failures.push(`${type} ${field.label}: ${JSON.stringify(answer)}`);
    }
    socket.close();
    expect(failures).toEqual([]);
  });

  it('refuses every C0 control but tab and newline, and unpaired surrogates, in a message; keeps the rest as sent', async () => {
    const a = await founder();
    const room = (await a.api.post('/api/rooms', { name: uniqueName('r') })).body.conversation;
    for (const bad of ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\r', '\r\n', '\u001b[31m', '\u001f', '\ud800', 'x\udfffy']) {
      const res = await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: `c_${nextId()}_xxxxxxxx`, body: `hi${bad}there` });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('invalid_text');
    }
    const kept = 'tab\there\nnew line \u007f del, 😀 emoji, 中文, \u200b zero width';
    const sent = await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: `c_${nextId()}_xxxxxxxx`, body: kept });
    expect(sent.status).toBe(201);
    const history = await a.api.get(`/api/conversations/${room.id}/messages`);
    expect(history.body.messages.at(-1).body).toBe(kept);
  });

  it('cleans the control characters out of an upload name instead of refusing the file', async () => {
    const a = await founder();
    const room = (await a.api.post('/api/rooms', { name: uniqueName('r') })).body.conversation;
    const res = await fetch(`${a.api.base}/api/conversations/${room.id}/files?name=${encodeURIComponent('re\u0000port\u001b\u0007.txt')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/octet-stream' },
      body: 'hello',
    });
    expect(res.status).toBe(201);
    const { file } = (await res.json()) as { file: { name: string } };
    expect(file.name).toBe('report.txt');
  });
});
