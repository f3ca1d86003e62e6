import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { closeRedis } from '../cluster/redis';
import { type Bus, type BusEvent, InProcessBus } from './bus';

/** A user's first socket on a node opened, or their last one closed. */
export interface PresenceSignal {
  userId: string;
  online: boolean;
  node: string;
  /** When this node's claim on the user expires unless refreshed. */
  until: number;
}

/**
 * What travels on the channel: an event, a hint that some events of `node` never left it, or a
 * presence change other nodes mirror at once (instead of waiting for their next read of Redis).
 */
type Envelope =
  | { node: string; at: number; event: BusEvent }
  | { node: string; at: number; resync: string[] | null }
  | { node: string; at: number; presence: PresenceSignal };

/** Past this many conversations with lost events, every socket catches up instead of listing them. */
const MAX_LOST_TRACKED = 10_000;

export interface RedisBusStats {
  published: number;
  publishFailures: number;
  received: number;
  /** Times the subscriber came back and every socket caught up from the database. */
  recoveries: number;
}

/**
 * The cluster bus. An event is delivered to this node's sockets at once (so a node's own order and
 * latency never depend on Redis) and published for the others, who drop nothing of theirs: echoes of
 * this node's own events are ignored. Redis being down never fails a command: the publish is counted
 * as lost, and sockets recover from the database (a `resync` hint when publishing works again, and a
 * full catch-up on every node whose subscription was cut).
 */
export class RedisBus implements Bus {
  readonly stats: RedisBusStats = { published: 0, publishFailures: 0, received: 0, recoveries: 0 };
  /** Called with the delay between publish on another node and arrival here (fan-out lag). */
  observeLag: ((ms: number) => void) | null = null;
  private readonly local = new InProcessBus();
  private readonly resyncHandlers = new Set<(conversationIds: string[] | null) => void>();
  private readonly presenceHandlers = new Set<(signal: PresenceSignal) => void>();
  /** Conversations whose events this node failed to publish; null when too many to list. */
  private lost: Set<string> | null | undefined;
  private subscriptionCut = false;
  private closed = false;

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly nodeId: string,
    private readonly log: FastifyBaseLogger,
    private readonly channel = 'natter:events',
  ) {
    sub.on('message', (channel: string, raw: string) => {
      if (channel === this.channel) this.receive(raw);
    });
    sub.on('close', () => {
      this.subscriptionCut = true;
    });
    sub.on('ready', () => {
      if (this.subscriptionCut && !this.closed) void this.recover();
    });
    pub.on('ready', () => void this.reportLost());
  }

  /** Waits up to `waitMs` for the subscription; without Redis the node still serves its own sockets. */
  async start(waitMs = 5000): Promise<void> {
    const subscribed = this.sub.subscribe(this.channel).then(
      () => true,
      () => false,
    );
    const ok = await Promise.race([subscribed, new Promise<boolean>((r) => setTimeout(() => r(false), waitMs).unref())]);
    if (!ok) this.log.warn('redis bus not subscribed yet; events from other nodes arrive once it is');
  }

  publish(event: BusEvent): void {
    this.local.publish(event);
    const envelope: Envelope = { node: this.nodeId, at: Date.now(), event };
    this.pub.publish(this.channel, JSON.stringify(envelope)).then(
      () => {
        this.stats.published += 1;
      },
      (err: unknown) => this.markLost(event, err),
    );
  }

  subscribe(handler: (event: BusEvent) => void): () => void {
    return this.local.subscribe(handler);
  }

  /** `conversationIds` null: every socket should catch up. */
  onResync(handler: (conversationIds: string[] | null) => void): () => void {
    this.resyncHandlers.add(handler);
    return () => this.resyncHandlers.delete(handler);
  }

  /** Best effort: a lost signal is repaired by the next read of the presence set. */
  signalPresence(signal: PresenceSignal): void {
    const envelope: Envelope = { node: this.nodeId, at: Date.now(), presence: signal };
    this.pub.publish(this.channel, JSON.stringify(envelope)).catch(() => {});
  }

  onPresence(handler: (signal: PresenceSignal) => void): () => void {
    this.presenceHandlers.add(handler);
    return () => this.presenceHandlers.delete(handler);
  }

  async ping(): Promise<boolean> {
    return this.sub.status === 'ready' && this.pub.status === 'ready' && !this.subscriptionCut;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.local.close();
    this.resyncHandlers.clear();
    this.presenceHandlers.clear();
    await Promise.all([closeRedis(this.pub), closeRedis(this.sub)]);
  }

  private receive(raw: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      this.log.warn('ignored a malformed event on the redis bus');
      return;
    }
    if (envelope.node === this.nodeId) return;
    this.stats.received += 1;
    this.observeLag?.(Math.max(0, Date.now() - envelope.at));
    if ('event' in envelope) this.local.publish(envelope.event);
    else if ('presence' in envelope) for (const handler of this.presenceHandlers) handler(envelope.presence);
    else this.resync(envelope.resync);
  }

  private markLost(event: BusEvent, err: unknown): void {
    this.stats.publishFailures += 1;
    if (this.lost === undefined) this.log.warn({ err }, 'redis publish failed; other nodes catch up when it is back');
    if (event.to !== 'conversation') {
      this.lost ??= new Set();
      return;
    }
    // A lost join or leave changes who follows what: only a full reconcile on every node repairs it.
    if (event.join?.length || event.leave?.length) this.lost = null;
    if (this.lost === null) return;
    this.lost ??= new Set();
    this.lost.add(event.conversationId);
    if (this.lost.size > MAX_LOST_TRACKED) this.lost = null;
  }

  private async reportLost(): Promise<void> {
    if (this.lost === undefined || this.closed) return;
    const lost = this.lost;
    this.lost = undefined;
    const envelope: Envelope = { node: this.nodeId, at: Date.now(), resync: lost ? [...lost] : null };
    try {
      await this.pub.publish(this.channel, JSON.stringify(envelope));
    } catch {
      // Still down: the next 'ready' reports again, merged with whatever is lost meanwhile.
      if (lost === null || this.lost === null) this.lost = null;
      else this.lost = new Set([...lost, ...(this.lost ?? [])]);
    }
  }

  private async recover(): Promise<void> {
    try {
      // Replies come in order: once this one arrives the subscription is live, so nothing published
      // after the database read below can be missed.
      await this.sub.subscribe(this.channel);
    } catch {
      return;
    }
    this.subscriptionCut = false;
    this.stats.recoveries += 1;
    this.log.info('redis bus resubscribed; sockets catch up from the database');
    this.resync(null);
  }

  private resync(conversationIds: string[] | null): void {
    for (const handler of this.resyncHandlers) handler(conversationIds);
  }
}
