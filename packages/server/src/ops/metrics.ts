import type { FastifyInstance } from 'fastify';
import type * as PromClientModule from 'prom-client';
import type { Counter, Histogram, Registry } from 'prom-client';

type PromClient = typeof PromClientModule;
import type { Bus, BusEvent } from '../realtime/bus';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/** What the Redis bus reports: running totals, and a hook for the transit time of each event from another node. */
export interface ClusterBusSource {
  stats: { published: number; publishFailures: number; received: number; recoveries: number };
  observeLag: ((ms: number) => void) | null;
}

export interface MetricSources {
  /** Open WebSocket connections on this node. */
  connections(): number;
  /** PostgreSQL pool occupancy; absent for SQLite. */
  pool?: () => PoolStats;
  /** The Redis bus; absent on a single node. */
  clusterBus?: ClusterBusSource;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One registry per app, so several apps in one process (tests) never share counters. Everything on
 * the message path is a counter increment or one histogram observation per event, never per socket.
 */
export class Metrics {
  readonly registry: Registry;
  private readonly messagesSent: Counter;
  private readonly fanOutLag: Histogram;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  /** prom-client is loaded only by a node that serves metrics. */
  static async create(sources: MetricSources): Promise<Metrics> {
    return new Metrics(await import('prom-client'), sources);
  }

  private constructor(private readonly prom: PromClient, sources: MetricSources) {
    const { Counter, Gauge, Histogram, Registry } = prom;
    this.registry = new Registry();
    const registers = [this.registry];
    prom.collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'natter_socket_connections',
      help: 'Open WebSocket connections on this node',
      registers,
      collect() {
        this.set(sources.connections());
      },
    });
    this.messagesSent = new Counter({ name: 'natter_messages_sent_total', help: 'Messages committed by this node (rate() gives messages per second)', registers });
    this.fanOutLag = new Histogram({
      name: 'natter_fanout_lag_seconds',
      help: 'From a message being stored to its frame being written to every local socket following the conversation',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'natter_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    if (sources.pool) this.poolGauges(sources.pool);
    if (sources.clusterBus) this.clusterBusMetrics(sources.clusterBus);
  }

  /** Counts messages as they are published and times their fan-out in the subscriber (the gateway). */
  instrumentBus(bus: Bus): Bus {
    return {
      publish: (event) => {
        if (isMessage(event)) this.messagesSent.inc();
        bus.publish(event);
      },
      subscribe: (handler) =>
        bus.subscribe((event) => {
          handler(event);
          if (isMessage(event)) this.fanOutLag.observe(Math.max(0, Date.now() - event.frame.message.createdAt) / 1000);
        }),
      close: () => bus.close(),
    };
  }

  /** Times every HTTP request by its route pattern, so ids in paths do not multiply the series. */
  instrumentHttp(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (req, reply, done) => {
      const route = req.routeOptions.url ?? 'unmatched';
      this.httpDuration.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
      done();
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private clusterBusMetrics(bus: ClusterBusSource): void {
    const { Counter, Histogram } = this.prom;
    const registers = [this.registry];
    const transit = new Histogram({
      name: 'natter_bus_transit_seconds',
      help: 'From an event being published on another node to its arrival here through Redis',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    bus.observeLag = (ms) => transit.observe(Math.max(0, ms) / 1000);
    const total = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    total('natter_bus_published_total', 'Events this node published to Redis', () => bus.stats.published);
    total('natter_bus_publish_failures_total', 'Events this node could not publish (its sockets catch up from the database)', () => bus.stats.publishFailures);
    total('natter_bus_received_total', 'Events received from other nodes', () => bus.stats.received);
    total('natter_bus_recoveries_total', 'Times the Redis subscription came back and every socket caught up', () => bus.stats.recoveries);
  }

  private poolGauges(pool: () => PoolStats): void {
    const { Gauge } = this.prom;
    const registers = [this.registry];
    const gauge = (name: string, help: string, read: (s: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(pool()));
        },
      });
    gauge('natter_db_pool_connections', 'PostgreSQL connections open in the pool', (s) => s.total);
    gauge('natter_db_pool_idle', 'PostgreSQL connections idle in the pool', (s) => s.idle);
    gauge('natter_db_pool_waiting', 'Queries waiting for a PostgreSQL connection', (s) => s.waiting);
    gauge('natter_db_pool_max', 'PostgreSQL pool size limit', (s) => s.max);
  }
}

type MessageEvent = Extract<BusEvent, { to: 'conversation' }> & { frame: { type: 'message'; message: { createdAt: number } } };

function isMessage(event: BusEvent): event is MessageEvent {
  return event.to === 'conversation' && event.frame?.type === 'message';
}
