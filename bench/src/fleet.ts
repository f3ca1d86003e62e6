import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { ClientSpec } from './load/clients';
import type { Command, Reply, Sparse, StepReport, Verified } from './load/messages';
import { Histogram } from './histogram';
import type { ServerKind } from './servers';

const WORKER = path.join(import.meta.dirname, 'load', 'worker.ts');

/** Load-generating child processes, each driving a share of the clients. */
export class Fleet {
  private constructor(private readonly workers: ChildProcess[]) {}

  static async start(count: number): Promise<Fleet> {
    const workers = Array.from({ length: count }, () => fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const fleet = new Fleet(workers);
    await Promise.all(workers.map((w) => fleet.next(w, 'up')));
    return fleet;
  }

  private next<E extends Reply['ev']>(w: ChildProcess, ev: E, timeoutMs = 600_000): Promise<Extract<Reply, { ev: E }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`load worker gave no ${ev} within ${timeoutMs / 1000} s`)), timeoutMs);
      const onMessage = (m: Reply) => {
        if (m.ev === 'failed') done(new Error(`load worker failed: ${m.message}`));
        else if (m.ev === ev) done(null, m as Extract<Reply, { ev: E }>);
      };
      const onExit = (code: number | null) => done(new Error(`load worker exited (${code}) while waiting for ${ev}`));
      const done = (err: Error | null, value?: Extract<Reply, { ev: E }>) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('exit', onExit);
        if (err) reject(err);
        else resolve(value!);
      };
      w.on('message', onMessage);
      w.on('exit', onExit);
    });
  }

  private async all<E extends Reply['ev']>(cmd: Command | ((i: number) => Command), ev: E): Promise<Extract<Reply, { ev: E }>[]> {
    const waits = this.workers.map((w, i) => {
      const wait = this.next(w, ev);
      w.send(typeof cmd === 'function' ? cmd(i) : cmd);
      return wait;
    });
    return Promise.all(waits);
  }

  /** Clients are dealt round-robin, so each worker holds members of every conversation. */
  async connect(kind: ServerKind, url: string, clients: ClientSpec[], concurrency = 32): Promise<{ failed: number; ms: Histogram; errors: string[] }> {
    const shares = this.workers.map((_, i) => clients.filter((_, k) => k % this.workers.length === i));
    const replies = await this.all((i) => ({ cmd: 'init', kind, url, clients: shares[i]!, concurrency }), 'connected');
    return { failed: sum(replies.map((r) => r.failed)), ms: merge(replies.map((r) => r.hist)), errors: replies.flatMap((r) => r.errorSamples) };
  }

  async step(ratePerClient: number, durationMs: number, warmupMs: number): Promise<{ sent: number; acked: number; errors: number; deliveredPerSecond: number; deliveries: number; latency: Histogram }> {
    const replies = await this.all({ cmd: 'step', ratePerClient, durationMs, warmupMs }, 'stepped');
    const reports: StepReport[] = replies.map((r) => r.report);
    return {
      sent: sum(reports.map((r) => r.sent)),
      acked: sum(reports.map((r) => r.acked)),
      errors: sum(reports.map((r) => r.errors)),
      deliveredPerSecond: sum(reports.map((r) => r.windowDeliveries / r.windowSeconds)),
      deliveries: sum(reports.map((r) => r.stepDeliveries)),
      latency: merge(reports.map((r) => r.hist)),
    };
  }

  async disconnect(): Promise<void> {
    await this.all({ cmd: 'disconnect' }, 'disconnected');
  }

  /** Every client reconnects within `spreadMs`, its cursors moved `rewind` messages back (messages it missed). */
  async reconnect(spreadMs: number, rewind: number): Promise<{ failed: number; ms: Histogram }> {
    const replies = await this.all({ cmd: 'reconnect', spreadMs, concurrency: 4000, rewind }, 'reconnected');
    return { failed: sum(replies.map((r) => r.failed)), ms: merge(replies.map((r) => r.hist)) };
  }

  async history(conversationId: string, requests: number, maxSeq: number): Promise<{ failed: number; ms: Histogram }> {
    const first = this.workers[0]!;
    const wait = this.next(first, 'history');
    first.send({ cmd: 'history', conversationId, requests, maxSeq } satisfies Command);
    const r = await wait;
    return { failed: r.failed, ms: merge([r.hist]) };
  }

  async verify(): Promise<Verified[]> {
    return this.all({ cmd: 'verify' }, 'verified');
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.exitCode !== null || w.signalCode !== null) return resolve();
            const hard = setTimeout(() => w.kill('SIGKILL'), 5_000);
            w.once('exit', () => {
              clearTimeout(hard);
              resolve();
            });
            if (w.connected) w.send({ cmd: 'exit' } satisfies Command);
            else w.kill('SIGTERM');
          }),
      ),
    );
  }
}

export function merge(parts: Sparse[]): Histogram {
  const h = new Histogram();
  for (const p of parts) h.add(p);
  return h;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
