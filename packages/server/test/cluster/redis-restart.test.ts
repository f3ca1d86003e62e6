import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, signUp, Socket, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { ChatClient } from './helpers/chat-client';
import { TestCluster } from './helpers/cluster';
import { expectStoredOnce } from './helpers/expectations';
import { RedisServer } from './helpers/redis-server';
import { clusterTools, waitFor } from './helpers/tools';

const tools = clusterTools();
const postgres = tools ? (await dialectsUnderTest()).find((d) => d.name === 'postgres') : undefined;
if (tools && !postgres) console.warn('\n*** PostgreSQL unreachable: SKIPPING the Redis restart suite ***\n');

describe.runIf(tools && postgres)('a Redis restart under traffic', () => {
  let redis: RedisServer;
  let cluster: TestCluster;

  beforeAll(async () => {
    redis = await RedisServer.start(tools!.redisServer);
    cluster = await TestCluster.start(tools!, { DATABASE_URL: (await postgres!.create())!, REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await cluster?.stop();
    await redis?.down();
    await postgres?.dropAll();
  });

  it('never fails a send; once Redis is back every socket catches up, with no later message, and a logout made meanwhile closes its socket', async () => {
    const a = await signUp(cluster.url);
    const b = await signUp(cluster.url);
    const room = (await a.api.post('/api/rooms', { name: uniqueName('rr') })).body.conversation;
    await b.api.post(`/api/rooms/${room.name}/join`);
    const ca = new ChatClient(cluster.url, a.token);
    await ca.connect();
    const cb = new ChatClient(cluster.url, b.token);
    await cb.connect(ca.node ?? undefined);

    for (let i = 0; i < 10; i++) ca.send(room.id, `before ${i}`);
    await waitFor('fan-out before the outage', async () => cb.messages(room.id).length === 10);
    // C keeps a socket open on the other node than A's.
    const c = await signUp(cluster.url);
    const otherNode = cluster.nodes.find((n) => n.id !== ca.node)!;
    const sc = await Socket.open(`http://127.0.0.1:${otherNode.port}/chat`, c.token);

    await redis.down();
    const senderNode = cluster.node(ca.node!);
    // C logs out through A's node: the event that closes C's sockets cannot reach the other node now.
    expect((await new Api(`http://127.0.0.1:${senderNode.port}/chat`, c.token).post('/api/auth/logout')).status).toBe(204);
    const notReady = await new Api(`http://127.0.0.1:${senderNode.port}/chat`).get('/api/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.body.error).toMatchObject({ code: 'unavailable', retryable: true, issues: [{ path: 'redis', message: expect.any(String) }] });

    // Sends keep working on both nodes while Redis is gone; only the cross-node fan-out pauses.
    for (let i = 0; i < 10; i++) ca.send(room.id, `during ${i}`);
    await waitFor('acks while Redis is down', async () => ca.pending.size === 0);
    expect(ca.errors).toEqual([]);
    expect(cb.messages(room.id).length).toBeLessThan(20);
    // B joins a room through A's node: the join never reaches B's socket on the other node.
    const late = (await a.api.post('/api/rooms', { name: uniqueName('late') })).body.conversation;
    expect((await new Api(`http://127.0.0.1:${senderNode.port}/chat`, b.token).post(`/api/rooms/${late.name}/join`)).status).toBe(200);

    await redis.up();
    // C's socket is closed as soon as the bus is back, not at the next periodic session check (up to a minute).
    const closed = await Promise.race([sc.closed, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
    expect(closed).not.toBeNull();
    // Nothing else is sent: the messages missed during the outage must arrive on their own.
    await waitFor('catch-up after Redis returns', async () => cb.messages(room.id).length === 20, 15_000);
    // The membership lost with the outage sends B's socket to resume, and its hello lists the room.
    await waitFor('a resumed socket that knows the new room', async () =>
      cb.frames.some((f) => f.type === 'welcome' && f.heads[late.id] !== undefined),
    );
    ca.send(late.id, 'in the late room');
    await cb.next((f) => f.type === 'message' && f.message.body === 'in the late room');
    await waitFor('ready again', async () => (await new Api(`http://127.0.0.1:${senderNode.port}/chat`).get('/api/ready')).status === 200);

    // And live fan-out works again in both directions.
    cb.send(room.id, 'after from B');
    await ca.next((f) => f.type === 'message' && f.message.body === 'after from B');
    ca.send(room.id, 'after from A');
    await cb.next((f) => f.type === 'message' && f.message.body === 'after from A');
    await expectStoredOnce(a.api, room.id, [ca, cb]);
    ca.close();
    cb.close();
  });
});
