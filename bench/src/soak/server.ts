import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { natterCommand, ROOT_DIR } from '../servers';

export interface ProcessSample {
  atS: number;
  pid: number;
  rssMB: number;
  fds: number;
}

/**
 * The server under soak: one process on a fixed port, so clients reconnect to the same address
 * after it was killed with SIGKILL and started again on the same data.
 */
export class SoakServer {
  private child: ChildProcess | null = null;
  private tail: string[] = [];
  restarts = 0;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}${this.env.BASE_PATH ?? ''}`;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  stderrTail(): string[] {
    return [...this.tail];
  }

  async start(): Promise<void> {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PORT: String(this.port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      WEB_DIST: '',
      LOGIN_LIMIT_PER_IP: '1000000',
      LOGIN_LIMIT_PER_ACCOUNT: '1000000',
      SIGNUP_LIMIT_PER_IP: '1000000',
      SHUTDOWN_TIMEOUT_MS: '2000',
      ...this.env,
    };
    // exec keeps the pid that /proc is read from; the open-file limit is raised for many sockets.
    const child = spawn('bash', ['-c', `ulimit -n $(ulimit -Hn); exec node ${natterCommand(ROOT_DIR)}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stderr!.on('data', (chunk: Buffer) => {
      this.tail.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the server did not start within 60 s:\n${out}`)), 60_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/Local:\s+http/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code}:\n${out}\n${this.tail.join('\n')}`));
      });
    });
  }

  /** SIGTERM (the node drains and tells its sockets to reconnect elsewhere), then the same node again. */
  async stopAndStart(pauseMs = 2000): Promise<void> {
    await this.stop();
    await new Promise((r) => setTimeout(r, pauseMs));
    await this.start();
    this.restarts++;
  }

  /** SIGKILL: no shutdown, no goodbye to the sockets; then the same server again on the same data. */
  async kill9AndRestart(pauseMs = 1000): Promise<void> {
    await this.kill9();
    await new Promise((r) => setTimeout(r, pauseMs));
    await this.start();
    this.restarts++;
  }

  async kill9(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** Resident memory and open file descriptors of the running process, or null between a kill and its restart. */
  sample(atS: number): ProcessSample | null {
    const pid = this.pid;
    if (!pid) return null;
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      const fds = fs.readdirSync(`/proc/${pid}/fd`).length;
      return { atS, pid, rssMB: Math.round((rss / 1024 / 1024) * 10) / 10, fds };
    } catch {
      return null;
    }
  }
}
