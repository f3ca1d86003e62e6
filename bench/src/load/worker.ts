/**
 * A load-generating process: connects its share of clients, sends at the rate it is told, and
 * reports latency histograms and exactly-once counts to the orchestrator over IPC.
 */
import { Histogram, nowUs } from '../histogram';
import type { ServerKind } from '../servers';
import { type BenchClient, type ClientSpec, type Connector, connectorFor, type Delivery } from './clients';
import type { Command, Reply, StepReport } from './messages';

const LIFETIME_MS = 45 * 60_000;
setTimeout(() => process.exit(3), LIFETIME_MS).unref();
process.on('disconnect', () => process.exit(0));

interface Live {
  spec: ClientSpec;
  client: BenchClient | null;
  /** Highest seq received per conversation: the next one must be exactly one more. */
  last: Map<string, number>;
}

let connect: Connector;
let clients: Live[] = [];
const latency = new Histogram();
let recordFromUs = Number.POSITIVE_INFINITY;
let recordToUs = Number.POSITIVE_INFINITY;
let windowDeliveries = 0;
const totals = { deliveries: 0, duplicates: 0, gaps: 0, acked: 0, errors: 0, closed: 0 };
const errorSamples: string[] = [];
const deliveredPerConv = new Map<string, number>();
const ackedPerConv = new Map<string, number>();
let lastDeliveryAt = 0;
/**
 * Numbers every send of this worker, across steps, so no clientMsgId repeats: a repeated one is a
 * retry to the server, answered with the message already stored and never delivered again.
 */
let sendSerial = 0;

function track(live: Live, d: Delivery, countLatency: boolean): void {
  const last = live.last.get(d.conversationId) ?? 0;
  if (d.seq <= last) {
    totals.duplicates += 1;
    return;
  }
  if (d.seq > last + 1) totals.gaps += d.seq - last - 1;
  live.last.set(d.conversationId, d.seq);
  totals.deliveries += 1;
  deliveredPerConv.set(d.conversationId, (deliveredPerConv.get(d.conversationId) ?? 0) + 1);
  const now = nowUs();
  lastDeliveryAt = now;
  if (!countLatency || d.body.charCodeAt(0) !== 116 /* t */) return;
  const sentAt = parseInt(d.body.slice(1, d.body.indexOf(' ')), 10);
  if (sentAt >= recordFromUs && sentAt < recordToUs) {
    latency.record(now - sentAt);
    windowDeliveries += 1;
  }
}

function handlers(live: Live) {
  return {
    onDelivery: (d: Delivery) => track(live, d, true),
    onAck: () => {
      totals.acked += 1;
      const conv = live.spec.conversations[0]!;
      ackedPerConv.set(conv, (ackedPerConv.get(conv) ?? 0) + 1);
    },
    onError: (message: string) => {
      totals.errors += 1;
      if (errorSamples.length < 5) errorSamples.push(message);
    },
    onClose: () => {
      totals.closed += 1;
    },
  };
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

async function connectAll(cursors: boolean, concurrency: number, spreadMs: number, rewind = 0): Promise<{ failed: number; hist: Histogram }> {
  const hist = new Histogram();
  let failed = 0;
  if (rewind > 0) for (const live of clients) for (const [conv, seq] of live.last) live.last.set(conv, Math.max(0, seq - rewind));
  const start = performance.now();
  await pool(clients, concurrency, async (live, i) => {
    if (spreadMs > 0) {
      const at = start + (i / clients.length) * spreadMs;
      const wait = at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const t0 = nowUs();
    try {
      const cur = cursors ? Object.fromEntries(live.last) : {};
      const { client, welcome } = await connect(live.spec, cur, handlers(live));
      live.client = client;
      hist.record(nowUs() - t0);
      if (!cursors) for (const [conv, head] of Object.entries(welcome.heads)) live.last.set(conv, head);
      if (process.env.BENCH_DEBUG) console.error(`client ${live.spec.idx} cursors ${JSON.stringify(cursors ? Object.fromEntries(live.last) : {})} missed ${welcome.missed.map((m) => m.seq).join(',')}`);
      for (const m of welcome.missed) track(live, m, false);
    } catch (err) {
      failed += 1;
      if (errorSamples.length < 5) errorSamples.push(`connect: ${(err as Error).message}`);
    }
  });
  return { failed, hist };
}

async function step(ratePerClient: number, durationMs: number, warmupMs: number): Promise<StepReport> {
  const senders = clients.filter((c) => c.client);
  // Shuffled, so even a short step spreads its messages over every conversation.
  for (let i = senders.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [senders[i], senders[j]] = [senders[j]!, senders[i]!];
  }
  const total = ratePerClient * senders.length;
  const startMs = performance.now();
  const startUs = nowUs();
  recordFromUs = startUs + warmupMs * 1000;
  recordToUs = startUs + durationMs * 1000;
  latency.reset();
  windowDeliveries = 0;
  const acked0 = totals.acked;
  const deliveries0 = totals.deliveries;
  const errors0 = totals.errors;
  let sent = 0;
  let rr = 0;
  const filler = ' '.padEnd(48, 'lorem ipsum dolor sit amet ');
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - startMs;
      if (elapsed >= durationMs) {
        clearInterval(tick);
        resolve();
        return;
      }
      const due = Math.floor((elapsed / 1000) * total) - sent;
      const t = nowUs();
      for (let k = 0; k < due; k++) {
        const live = senders[rr++ % senders.length]!;
        sent += 1;
        live.client!.send(live.spec.conversations[0]!, `bench-${live.spec.idx}x${sendSerial++}`, `t${t} c${live.spec.idx}${filler}`);
      }
    }, 5);
  });
  // In-flight messages of the window still count towards its latency; stop when quiet.
  const stopAt = performance.now() + 10_000;
  const answered = () => totals.acked - acked0 + totals.errors - errors0 >= sent;
  while (performance.now() < stopAt && (!answered() || nowUs() - lastDeliveryAt < 1_000_000)) await new Promise((r) => setTimeout(r, 100));
  recordFromUs = Number.POSITIVE_INFINITY;
  return {
    sent,
    acked: totals.acked - acked0,
    errors: totals.errors - errors0,
    windowDeliveries,
    stepDeliveries: totals.deliveries - deliveries0,
    windowSeconds: (durationMs - warmupMs) / 1000,
    hist: latency.toSparse(),
  };
}

async function history(conversationId: string, requests: number, maxSeq: number): Promise<{ hist: ReturnType<Histogram['toSparse']>; failed: number }> {
  const hist = new Histogram();
  const client = clients.find((c) => c.client)?.client;
  let failed = 0;
  if (!client) return { hist: hist.toSparse(), failed: requests };
  for (let i = 0; i < requests; i++) {
    // Half the pages are the newest (opening a conversation), half anywhere in the backlog (scrolling).
    const before = i % 2 === 0 ? undefined : 51 + Math.floor(Math.random() * (maxSeq - 51));
    const t0 = nowUs();
    try {
      const n = await client.history(conversationId, before, 50);
      if (n !== 50) failed += 1;
      hist.record(nowUs() - t0);
    } catch (err) {
      failed += 1;
      if (errorSamples.length < 5) errorSamples.push(`history: ${(err as Error).message}`);
    }
  }
  return { hist: hist.toSparse(), failed };
}

function reply(r: Reply): void {
  process.send!(r);
}

process.on('message', (raw) => {
  const cmd = raw as Command;
  void (async () => {
    try {
      switch (cmd.cmd) {
        case 'init': {
          connect = connectorFor(cmd.kind as ServerKind, cmd.url);
          clients = cmd.clients.map((spec) => ({ spec, client: null, last: new Map() }));
          const { failed, hist } = await connectAll(false, cmd.concurrency, 0);
          return reply({ ev: 'connected', failed, hist: hist.toSparse(), errorSamples });
        }
        case 'step':
          return reply({ ev: 'stepped', report: await step(cmd.ratePerClient, cmd.durationMs, cmd.warmupMs) });
        case 'disconnect': {
          for (const c of clients) c.client?.close();
          for (const c of clients) c.client = null;
          await new Promise((r) => setTimeout(r, 500));
          return reply({ ev: 'disconnected' });
        }
        case 'reconnect': {
          const { failed, hist } = await connectAll(true, cmd.concurrency, cmd.spreadMs, cmd.rewind);
          return reply({ ev: 'reconnected', failed, hist: hist.toSparse() });
        }
        case 'history':
          return reply({ ev: 'history', ...(await history(cmd.conversationId, cmd.requests, cmd.maxSeq)) });
        case 'verify': {
          // A saturated server may still be delivering what it acknowledged: wait for quiet.
          const until = performance.now() + 30_000;
          while (performance.now() < until && nowUs() - lastDeliveryAt < 2_000_000) await new Promise((r) => setTimeout(r, 100));
          return reply({
            ev: 'verified',
            totals: { ...totals },
            ackedPerConv: Object.fromEntries(ackedPerConv),
            deliveredPerConv: Object.fromEntries(deliveredPerConv),
            lastSeen: clients.map((c) => Object.fromEntries(c.last)),
            errorSamples,
          });
        }
        case 'exit':
          for (const c of clients) c.client?.close();
          setTimeout(() => process.exit(0), 200);
          return;
      }
    } catch (err) {
      reply({ ev: 'failed', message: (err as Error).stack ?? String(err) });
    }
  })();
});
reply({ ev: 'up' });
