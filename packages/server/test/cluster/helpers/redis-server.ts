import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { sparePort, waitFor } from './tools';

/** A private redis-server on a spare loopback port, so restarting it never disturbs anyone else. */
export class RedisServer {
  private child: ChildProcess | null = null;
  private constructor(
    private readonly bin: string,
    readonly port: number,
  ) {}

  static async start(bin: string): Promise<RedisServer> {
    const server = new RedisServer(bin, await sparePort());
    await server.up();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const child = spawn(this.bin, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: 'ignore',
    });
    this.child = child;
    await waitFor(`redis-server on ${this.port}`, async () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => {});
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    });
  }

  /** Killed outright, like a crash: no shutdown handshake for the clients. */
  async down(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
