import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, signUp, uniqueName } from '../helpers/clients';
import { ChatClient } from './helpers/chat-client';
import { TestCluster } from './helpers/cluster';
import { expectStoredOnce } from './helpers/expectations';
import { PostgresServer } from './helpers/postgres-server';
import { RedisServer } from './helpers/redis-server';
import { clusterTools, waitFor } from './helpers/tools';

const tools = clusterTools();

describe.runIf(tools)('a PostgreSQL restart under traffic', () => {
  let postgres: PostgresServer;
  let redis: RedisServer;
  let cluster: TestCluster;

  beforeAll(async () => {
    postgres = await PostgresServer.start(tools!.postgresBin);
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('create database natter');
    await admin.end();
    redis = await RedisServer.start(tools!.redisServer);
    cluster = await TestCluster.start(tools!, { DATABASE_URL: postgres.url.replace(/\/postgres$/, '/natter'), REDIS_URL: redis.url });
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
    await redis?.down();
    await postgres?.destroy();
  });

  it('refuses sends with a retryable error while it is down, never acks them, and stores each retry once after', async () => {
    const a = await signUp(cluster.url);
    const b = await signUp(cluster.url);
    const room = (await a.api.post('/api/rooms', { name: uniqueName('pr') })).body.conversation;
    await b.api.post(`/api/rooms/${room.name}/join`);
    // Slow retries, so the outage is seen by several attempts of the same sends rather than a flood.
    const ca = new ChatClient(cluster.url, a.token, 400);
    await ca.connect();
    const cb = new ChatClient(cluster.url, b.token);
    await cb.connect(ca.node ?? undefined);
    for (let i = 0; i < 5; i++) ca.send(room.id, `before ${i}`);
    await waitFor('acks before the outage', async () => ca.pending.size === 0);

    await postgres.down();
    const node = new Api(`http://127.0.0.1:${cluster.node(ca.node!).port}/chat`);
    const ready = await node.get('/api/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.issues).toEqual([{ path: 'database', message: expect.any(String) }]);

    const during = [0, 1, 2, 3, 4].map((i) => ca.send(room.id, `during ${i}`));
    await waitFor('refusals', async () => during.every((id) => ca.errors.some((e) => e.id === id)), 10_000);
    for (const id of during) {
      const refusal = ca.errors.find((e) => e.id === id);
      expect(refusal).toMatchObject({ code: 'unavailable', retryable: true });
      expect(ca.acked.has(id)).toBe(false);
    }
    // REST says the same, with a 503 and a retryable flag.
    const rest = await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: 'rest-during-outage-1', body: 'via REST' });
    expect(rest.status).toBe(503);
    expect(rest.body.error).toMatchObject({ code: 'unavailable', retryable: true });

    await postgres.up();
    // The client keeps retrying the same clientMsgIds; once the database is back each is stored once.
    await waitFor('acks after the outage', async () => ca.pending.size === 0, 20_000);
    const retried = await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: 'rest-during-outage-1', body: 'via REST' });
    const again = await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: 'rest-during-outage-1', body: 'via REST' });
    expect(retried.status).toBe(201);
    expect(again.body.message).toEqual(retried.body.message);
    ca.acked.set('rest-during-outage-1', retried.body.message);
    await expectStoredOnce(a.api, room.id, [ca, cb]);
    expect((await node.get('/api/ready')).status).toBe(200);
    ca.close();
    cb.close();
  });
});
