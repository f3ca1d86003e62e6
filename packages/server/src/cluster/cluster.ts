import { afterWentAway } from '../modules/missed-mail/check';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { AppContext } from '../context';
import { announcePresence } from '../modules/presence/commands';
import type { Gateway } from '../realtime/gateway';
import { RedisBus } from '../realtime/redis-bus';
import { RedisPresence } from './presence';
import { RedisRateLimiter } from './rate-limit';
import { closeRedis, pingRedis, redisClient } from './redis';

/** What a node shares with the others through Redis (only when REDIS_URL is set). */
export interface Cluster {
  bus: RedisBus;
  /** For keys with expiry (presence, throttles). Fails fast while Redis is down instead of queueing. */
  redis: Redis;
  presence: RedisPresence;
  rateLimiter: RedisRateLimiter;
  /**
   * Sockets on this node catch up from the database whenever the bus says events may have been lost,
   * and users whose node died are announced offline.
   */
  attach(gateway: Gateway, ctx: AppContext): void;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openCluster(config: Config, log: FastifyBaseLogger): Promise<Cluster> {
  const url = config.redisUrl;
  if (!url) throw new Error('openCluster needs REDIS_URL');
  // A publish while Redis is down fails at once (counted, recovered later) rather than piling up in memory.
  const pub = redisClient(url, 'bus-publish', log, { enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0 });
  const sub = redisClient(url, 'bus-subscribe', log, { maxRetriesPerRequest: null });
  const redis = redisClient(url, 'state', log, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  const bus = new RedisBus(pub, sub, config.nodeId, log);
  await bus.start();
  const presence = new RedisPresence(redis, bus, config.nodeId, log, config.presenceTtlMs);
  return {
    bus,
    redis,
    presence,
    rateLimiter: new RedisRateLimiter(redis),
    attach(gateway, ctx) {
      const memberships = async (userId: string) =>
        new Set((await ctx.db.selectFrom('members').select('conversation_id').where('user_id', '=', userId).execute()).map((r) => r.conversation_id));
      bus.onResync((conversationIds) => {
        const onError = (err: unknown) => log.warn({ err }, 'a socket could not catch up; it resumes by cursor');
        // A lost-events hint names conversations; only a cut subscription (null) may have lost joins and leaves.
        void gateway.catchUp(conversationIds ?? undefined, onError, conversationIds ? undefined : memberships);
      });
      presence.onExpired = (userId) => {
        void announcePresence(ctx, userId, false).catch(() => {});
        // Their node died without closing their sockets: nobody else would schedule the check.
        afterWentAway(ctx, userId);
      };
      presence.start();
    },
    async ping() {
      return (await pingRedis(redis)) && (await bus.ping());
    },
    async close() {
      await presence.close();
      await bus.close();
      await closeRedis(redis);
    },
  };
}
