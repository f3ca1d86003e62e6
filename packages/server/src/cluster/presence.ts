import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { PresenceTracker } from '../modules/presence/tracker';
import type { PresenceSignal, RedisBus } from '../realtime/redis-bus';

/**
 * A node's claim on a user lasts `ttlMs` (PRESENCE_TTL_MS, 45 s by default) unless refreshed. Claims are
 * refreshed and expired ones swept every third of it, so a dead node's users are announced offline
 * within 4/3 of the TTL (60 s by default). The mirror of other nodes is re-read every ninth of it.
 */

const KEY = 'natter:presence';
const LAST_SEEN_KEY = 'natter:last-seen';
/** Removes expired claims and returns them, atomically: exactly one node learns of each expiry. */
const CLAIM_EXPIRED = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1]) end
return expired`;

const member = (userId: string, node: string) => `${userId}|${node}`;
function parseMember(m: string): { userId: string; node: string } | null {
  const i = m.lastIndexOf('|');
  return i > 0 ? { userId: m.slice(0, i), node: m.slice(i + 1) } : null;
}

/**
 * Cluster-wide presence. Redis holds one sorted set of `user|node` claims scored by expiry; each node
 * refreshes its own, and mirrors everyone else's in memory so the tracker's questions stay synchronous
 * (the mirror is updated by signals on the bus at once and re-read from Redis every few seconds).
 * While Redis is unreachable the node keeps answering from what it knows; claims are rewritten on the
 * next refresh.
 */
export class RedisPresence implements PresenceTracker {
  private readonly local = new Map<string, number>();
  /** Other nodes' claims: user → node → expiry. */
  private readonly remote = new Map<string, Map<string, number>>();
  private readonly seen = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribe: () => void;
  private warned = false;
  /** Told when a user's last claim expired (their node died): announce them offline. */
  onExpired: ((userId: string) => void) | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly bus: RedisBus,
    private readonly nodeId: string,
    private readonly log: FastifyBaseLogger,
    private readonly ttlMs = 45_000,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = bus.onPresence((signal) => this.mirror(signal));
  }

  start(): void {
    void this.readMirror();
    this.timers.push(setInterval(() => void this.readMirror(), Math.max(100, this.ttlMs / 9)));
    this.timers.push(setInterval(() => void this.refresh(), Math.max(100, this.ttlMs / 3)));
    for (const t of this.timers) t.unref();
  }

  connected(userId: string): boolean {
    const n = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, n);
    if (n > 1) return false;
    const until = this.now() + this.ttlMs;
    this.write(this.redis.zadd(KEY, until, member(userId, this.nodeId)));
    this.bus.signalPresence({ userId, online: true, node: this.nodeId, until });
    return !this.elsewhere(userId);
  }

  disconnected(userId: string, at: number): boolean {
    const n = (this.local.get(userId) ?? 1) - 1;
    if (n > 0) {
      this.local.set(userId, n);
      return false;
    }
    this.local.delete(userId);
    this.write(this.redis.zrem(KEY, member(userId, this.nodeId)));
    this.bus.signalPresence({ userId, online: false, node: this.nodeId, until: at });
    if (this.elsewhere(userId)) return false;
    this.seen.set(userId, at);
    this.write(this.redis.hset(LAST_SEEN_KEY, userId, String(at)));
    return true;
  }

  isOnline(userId: string): boolean {
    return this.local.has(userId) || this.elsewhere(userId);
  }

  onlineIds(): string[] {
    const ids = new Set(this.local.keys());
    for (const userId of this.remote.keys()) if (this.elsewhere(userId)) ids.add(userId);
    return [...ids];
  }

  lastSeen(userId: string): number | null {
    return this.seen.get(userId) ?? null;
  }

  /** Drops this node's claims so its users do not wait for expiry after a clean shutdown. */
  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.unsubscribe();
    const mine = [...this.local.keys()].map((u) => member(u, this.nodeId));
    if (mine.length > 0) await this.redis.zrem(KEY, ...mine).catch(() => {});
  }

  private elsewhere(userId: string): boolean {
    const nodes = this.remote.get(userId);
    if (!nodes) return false;
    const now = this.now();
    for (const until of nodes.values()) if (until > now) return true;
    return false;
  }

  private mirror(signal: PresenceSignal): void {
    if (signal.node === this.nodeId) return;
    let nodes = this.remote.get(signal.userId);
    if (signal.online) {
      if (!nodes) this.remote.set(signal.userId, (nodes = new Map()));
      nodes.set(signal.node, signal.until);
      return;
    }
    nodes?.delete(signal.node);
    if (nodes?.size === 0) this.remote.delete(signal.userId);
    if (!this.isOnline(signal.userId)) this.seen.set(signal.userId, signal.until);
  }

  private async readMirror(): Promise<void> {
    try {
      const flat = await this.redis.zrangebyscore(KEY, this.now(), '+inf', 'WITHSCORES');
      this.remote.clear();
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const claim = parseMember(flat[i] ?? '');
        if (!claim || claim.node === this.nodeId) continue;
        let nodes = this.remote.get(claim.userId);
        if (!nodes) this.remote.set(claim.userId, (nodes = new Map()));
        nodes.set(claim.node, Number(flat[i + 1]));
      }
      this.warned = false;
    } catch (err) {
      this.warnOnce(err);
    }
  }

  private async refresh(): Promise<void> {
    const now = this.now();
    const until = now + this.ttlMs;
    try {
      if (this.local.size > 0) {
        const args: (string | number)[] = [];
        for (const userId of this.local.keys()) args.push(until, member(userId, this.nodeId));
        await this.redis.zadd(KEY, ...args);
      }
      const expired = (await this.redis.eval(CLAIM_EXPIRED, 1, KEY, now)) as string[];
      await this.readMirror();
      for (const m of expired) {
        const claim = parseMember(m);
        if (!claim || this.isOnline(claim.userId)) continue;
        this.seen.set(claim.userId, now);
        this.onExpired?.(claim.userId);
      }
    } catch (err) {
      this.warnOnce(err);
    }
  }

  private write(pending: Promise<unknown>): void {
    pending.catch((err: unknown) => this.warnOnce(err));
  }

  private warnOnce(err: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.log.warn({ err }, 'presence could not reach redis; answering from what this node knows');
  }
}
