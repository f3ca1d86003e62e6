import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from '../../src/cluster/rate-limit';
import { RedisServer } from './helpers/redis-server';
import { clusterTools } from './helpers/tools';

const tools = clusterTools();

describe.runIf(tools)('the Redis rate limiter', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  const limiter = () => {
    const client = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    client.on('error', () => {});
    clients.push(client);
    return new RedisRateLimiter(client);
  };

  beforeAll(async () => {
    server = await RedisServer.start(tools!.redisServer);
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.down();
  });

  it('shares one bucket per key between nodes, refills it over time, and says when to retry', async () => {
    const [nodeA, nodeB] = [limiter(), limiter()];
    await new Promise((r) => setTimeout(r, 100));
    const rule = { capacity: 3, perMs: 600 };
    expect(await nodeA.take('k', rule)).toEqual({ ok: true });
    expect(await nodeB.take('k', rule)).toEqual({ ok: true });
    expect(await nodeA.take('k', rule)).toEqual({ ok: true });
    const refused = await nodeB.take('k', rule);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(0);
    expect(!refused.ok && refused.retryAfterMs).toBeLessThanOrEqual(200);
    expect(await nodeA.take('other', rule)).toEqual({ ok: true });
    await new Promise((r) => setTimeout(r, 250));
    expect(await nodeB.take('k', rule)).toEqual({ ok: true });
  });

  it('limits each node on its own while Redis is down', async () => {
    const node = limiter();
    await new Promise((r) => setTimeout(r, 100));
    await server.down();
    const rule = { capacity: 2, perMs: 60_000 };
    expect(await node.take('down', rule)).toEqual({ ok: true });
    expect(await node.take('down', rule)).toEqual({ ok: true });
    expect((await node.take('down', rule)).ok).toBe(false);
    await server.up();
  });
});
