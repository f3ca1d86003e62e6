import type { FastifyBaseLogger } from 'fastify';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection that keeps retrying forever (a Redis restart must not take the node down) and
 * logs an outage once, not on every failed attempt.
 */
export function redisClient(url: string, role: string, log: FastifyBaseLogger, options: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    connectionName: `natter-${role}`,
    connectTimeout: 3000,
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
    ...options,
  });
  let down = false;
  client.on('error', (err) => {
    if (down) return;
    down = true;
    log.warn({ err, role }, 'redis unreachable, retrying');
  });
  client.on('ready', () => {
    if (down) log.info({ role }, 'redis reachable again');
    down = false;
  });
  return client;
}

/** quit() waits for pending replies; a dead server must not hold up a shutdown, so give up after a moment. */
export async function closeRedis(client: Redis, waitMs = 1000): Promise<void> {
  await Promise.race([client.quit().catch(() => {}), new Promise((r) => setTimeout(r, waitMs).unref())]);
  client.disconnect();
}

export async function pingRedis(client: Redis, timeoutMs = 1000): Promise<boolean> {
  try {
    const answer = await Promise.race([
      client.ping(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('redis ping timed out')), timeoutMs).unref()),
    ]);
    return answer === 'PONG';
  } catch {
    return false;
  }
}
