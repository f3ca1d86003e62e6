import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runAs, sparePort, waitFor } from './tools';

/**
 * A private PostgreSQL cluster in a temporary directory on a spare port, so stopping it never
 * disturbs the shared server. As root its files belong to, and it runs as, the postgres user.
 */
export class PostgresServer {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    private readonly user: string | null,
    readonly port: number,
  ) {}

  /** `baseDir`: where its files go (a small file system to fill); `walSegmentMb`: smaller log segments. */
  static async start(bin: string, opts: { baseDir?: string; walSegmentMb?: number } = {}): Promise<PostgresServer> {
    const user = process.getuid?.() === 0 ? 'postgres' : null;
    const dir = fs.mkdtempSync(path.join(opts.baseDir ?? os.tmpdir(), 'natter-pg-'));
    if (user) runAs(null, 'chown', ['-R', user, dir]);
    const server = new PostgresServer(bin, dir, user, await sparePort());
    runAs(user, `${bin}/initdb`, ['-D', `${dir}/data`, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', ...(opts.walSegmentMb ? [`--wal-segsize=${opts.walSegmentMb}`] : [])], { cwd: dir });
    await server.up();
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async up(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    runAs(this.user, `${this.bin}/pg_ctl`, ['-D', `${this.dir}/data`, '-o', options, '-l', `${this.dir}/log`, '-w', '-t', '30', 'start'], { cwd: this.dir });
    await waitFor(`postgres on ${this.port}`, async () => {
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.query('select 1');
        return true;
      } finally {
        await client.end().catch(() => {});
      }
    });
  }

  /** Stopped without a checkpoint, like a crash; committed transactions survive in the WAL. */
  async down(): Promise<void> {
    runAs(this.user, `${this.bin}/pg_ctl`, ['-D', `${this.dir}/data`, '-m', 'immediate', '-w', 'stop'], { cwd: this.dir });
  }

  async destroy(): Promise<void> {
    try {
      await this.down();
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
