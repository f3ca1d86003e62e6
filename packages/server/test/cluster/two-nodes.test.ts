import { CLIENT_FRAME_TYPES } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, signUp, Socket, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { ChatClient, seqProblems } from './helpers/chat-client';
import { allAcked, expectStoredOnce } from './helpers/expectations';
import { TestCluster } from './helpers/cluster';
import { RedisServer } from './helpers/redis-server';
import { clusterTools, waitFor } from './helpers/tools';

const tools = clusterTools();
const postgres = tools ? (await dialectsUnderTest()).find((d) => d.name === 'postgres') : undefined;
if (tools && !postgres) console.warn('\n*** PostgreSQL unreachable: SKIPPING the two-node cluster suite ***\n');

describe.runIf(tools && postgres)('two nodes behind nginx, sharing PostgreSQL and Redis', () => {
  let redis: RedisServer;
  let cluster: TestCluster;

  beforeAll(async () => {
    redis = await RedisServer.start(tools!.redisServer);
    const databaseUrl = (await postgres!.create())!;
    // A short presence TTL, so a dead node's users must be announced offline within seconds, not a minute.
    cluster = await TestCluster.start(tools!, { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PRESENCE_TTL_MS: '1500' });
  });
  afterAll(async () => {
    await cluster?.stop();
    await redis?.down();
    await postgres?.dropAll();
  });

  /** Two users in one room, each with a socket that nginx gave to a different node. */
  async function pairOnTwoNodes() {
    const a = await signUp(cluster.url);
    const b = await signUp(cluster.url);
    const room = (await a.api.post('/api/rooms', { name: uniqueName('cl') })).body.conversation;
    expect((await b.api.post(`/api/rooms/${room.name}/join`)).status).toBe(200);
    const ca = new ChatClient(cluster.url, a.token);
    await ca.connect();
    const cb = new ChatClient(cluster.url, b.token);
    await cb.connect(ca.node ?? undefined);
    expect(ca.node).toMatch(/^node-/);
    expect(cb.node).not.toBe(ca.node);
    return { a, b, room, ca, cb };
  }

  it('is ready through nginx, naming no failed dependency', async () => {
    const ready = await new Api(cluster.url).get('/api/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
  });

  it('lets users on different nodes chat live and see each other come and go', async () => {
    const { a, b, room, ca, cb } = await pairOnTwoNodes();
    await ca.next((f) => f.type === 'presence' && f.presence.userId === b.user.id && f.presence.online);
    const online = await a.api.get('/api/users/online');
    expect(online.body.users.map((u: { id: string }) => u.id)).toContain(b.user.id);

    ca.send(room.id, 'hello from A');
    await cb.next((f) => f.type === 'message' && f.message.body === 'hello from A');
    cb.send(room.id, 'hello from B');
    await ca.next((f) => f.type === 'message' && f.message.body === 'hello from B');

    // Interleaved sends committed on both nodes reach both sides in sequence order, once each.
    for (let i = 0; i < 15; i++) {
      ca.send(room.id, `a${i}`);
      cb.send(room.id, `b${i}`);
    }
    await waitFor('every send acked and seen by both', async () => ca.pending.size + cb.pending.size === 0 && ca.messages(room.id).length === 32 && cb.messages(room.id).length === 32);
    expect(seqProblems(ca.messages(room.id))).toEqual([]);
    expect(seqProblems(cb.messages(room.id))).toEqual([]);
    expect(cb.messages(room.id).map((m) => m.id)).toEqual(ca.messages(room.id).map((m) => m.id));

    cb.close();
    const offline = await ca.next((f) => f.type === 'presence' && f.presence.userId === b.user.id && !f.presence.online, 8000);
    expect(offline.type === 'presence' && offline.presence.lastSeenAt).toBeGreaterThan(0);
    ca.close();
  });

  it.runIf(CLIENT_FRAME_TYPES.includes('typing' as never))('relays typing across nodes, throttled cluster-wide', async () => {
    const { a, room, ca, cb } = await pairOnTwoNodes();
    const typing = () => cb.frames.filter((f) => f.type === 'typing');
    ca.ws?.send(JSON.stringify({ type: 'typing', conversationId: room.id }));
    expect(await cb.next((f) => f.type === 'typing')).toMatchObject({ conversationId: room.id, user: { id: a.user.id } });
    // The same user typing from a socket on the other node is inside the same throttle period.
    const ca2 = new ChatClient(cluster.url, a.token);
    await ca2.connect(ca.node ?? undefined);
    ca2.ws?.send(JSON.stringify({ type: 'typing', conversationId: room.id }));
    ca.ws?.send(JSON.stringify({ type: 'typing', conversationId: room.id }));
    await new Promise((r) => setTimeout(r, 400));
    expect(typing()).toHaveLength(1);
    for (const c of [ca, ca2, cb]) c.close();
  });

  it('delivers every change once and in order to sockets on both nodes while both nodes commit changes', async () => {
    const a = await signUp(cluster.url);
    const b = await signUp(cluster.url);
    const room = (await a.api.post('/api/rooms', { name: uniqueName('chg') })).body.conversation;
    await b.api.post(`/api/rooms/${room.name}/join`);
    const m = (await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: `chg-${uniqueName()}`, body: 'react here' })).body.message;
    // One socket on each node, protocol 2, straight to the node.
    const sockets = await Promise.all(cluster.nodes.map((n) => Socket.connect2(`http://127.0.0.1:${n.port}/chat`, b.token)));
    const apis = cluster.nodes.map((n) => new Api(`http://127.0.0.1:${n.port}/chat`, a.token));
    const emoji = ['👍', '🎉', '🔥', '👀', '✅'];
    const ops: Promise<unknown>[] = [];
    for (let round = 0; round < 4; round++) {
      for (const [i, e] of emoji.entries()) {
        const path = `/api/conversations/${room.id}/messages/${m.id}/reactions/${encodeURIComponent(e)}`;
        ops.push(apis[(round + i) % apis.length]!.call(round % 2 ? 'DELETE' : 'PUT', path));
      }
    }
    await Promise.all(ops);
    const head = (await a.api.get(`/api/conversations/${room.id}`)).body.conversation.lastChangeSeq as number;
    expect(head).toBeGreaterThan(0);
    for (const { socket } of sockets) {
      await waitFor('every change', async () => socket.changes().length >= head, 10_000);
      expect(socket.changes().map((c) => c.changeSeq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      socket.close();
    }
  });

  it('drains a node on SIGTERM: its clients move to the other node and no send is lost or doubled', async () => {
    const { a, room, ca, cb } = await pairOnTwoNodes();
    const leaving = ca.node!;
    const sends: string[] = [];
    // 25 sends/s per client: under the per-socket frame limit, so every refusal seen is the drain's.
    const pump = setInterval(() => sends.push(ca.send(room.id, `t${sends.length}`), cb.send(room.id, `u${sends.length}`)), 40);
    await waitFor('traffic', async () => ca.acked.size >= 10);
    const exit = cluster.terminate(leaving);
    await ca.next((f) => f.type === 'goodbye' && f.reason === 'shutdown');
    expect(await exit).toBe(0);
    await waitFor('a socket on the other node', async () => ca.ws && ca.node !== leaving);
    clearInterval(pump);
    await allAcked([ca, cb]);
    await expectStoredOnce(a.api, room.id, [ca, cb]);
    ca.close();
    cb.close();
    await cluster.startNode(leaving, cluster.node(leaving).port);
  });

  it('survives SIGKILL of a node: its clients resume on the other with nothing lost or doubled', async () => {
    const { a, room, ca, cb } = await pairOnTwoNodes();
    const victim = ca.node!;
    // A user whose only socket is on the doomed node and who never comes back.
    const c = await signUp(cluster.url);
    await c.api.post(`/api/rooms/${room.name}/join`);
    const { socket: gone } = await Socket.connect(`http://127.0.0.1:${cluster.node(victim).port}/chat`, c.token);
    await cb.next((f) => f.type === 'presence' && f.presence.userId === c.user.id && f.presence.online);
    let n = 0;
    const pump = setInterval(() => {
      ca.send(room.id, `k${n}`);
      cb.send(room.id, `l${n++}`);
    }, 40);
    await waitFor('traffic', async () => ca.acked.size >= 10);
    await cluster.kill(victim);
    await waitFor('a socket on the surviving node', async () => ca.ws && ca.node !== victim);
    await new Promise((r) => setTimeout(r, 300));
    clearInterval(pump);
    await allAcked([ca, cb]);
    await expectStoredOnce(a.api, room.id, [ca, cb]);

    // Nobody closed c's socket cleanly: its claim expires and the survivor announces c offline.
    await cb.next((f) => f.type === 'presence' && f.presence.userId === c.user.id && !f.presence.online, 5000);
    const online = await new Api(cluster.url, cb.token).get('/api/users/online');
    expect(online.body.users.map((u: { id: string }) => u.id)).not.toContain(c.user.id);
    gone.terminate();
    ca.close();
    cb.close();
  });
});
