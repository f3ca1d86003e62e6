import type { Redis } from 'ioredis';
import { MemoryRateLimiter, type RateDecision, type RateLimiter, type RateRule } from '../util/rate-limit';

/**
 * The same token bucket as MemoryRateLimiter, kept in Redis so every node draws from one bucket per
 * key. Redis's clock decides, so nodes with skewed clocks agree. A bucket untouched for a full period
 * is full again, so it expires then and idle users cost nothing.
 */
const TAKE = `
local capacity = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then tokens = capacity; at = now end
tokens = math.min(capacity, tokens + math.max(0, now - at) / per * capacity)
local ok = tokens >= 1
if ok then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], per)
if ok then return -1 end
return math.ceil((1 - tokens) / capacity * per)`;

export class RedisRateLimiter implements RateLimiter {
  /** While Redis is unreachable each node limits on its own rather than letting everything through. */
  private readonly fallback = new MemoryRateLimiter();

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'natter:rate:',
  ) {}

  async take(key: string, rule: RateRule): Promise<RateDecision> {
    try {
      const answer = Number(await this.redis.eval(TAKE, 1, this.prefix + key, rule.capacity, rule.perMs));
      return answer < 0 ? { ok: true } : { ok: false, retryAfterMs: Math.max(1, answer) };
    } catch {
      return this.fallback.take(key, rule);
    }
  }
}
