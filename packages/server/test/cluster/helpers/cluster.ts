import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kill9, type ServerProcess, spawnServer } from '../../helpers/process';
import { Nginx } from './nginx';
import type { Tools } from './tools';

export interface ClusterNode {
  id: string;
  port: number;
  process: ServerProcess;
}

/**
 * Natter nodes sharing one database and one Redis behind the deployed nginx site, as in production
 * but on loopback ports. Nodes serve under /chat because the site does.
 */
export class TestCluster {
  readonly nodes: ClusterNode[] = [];
  nginx: Nginx | null = null;
  private readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-cluster-'));

  constructor(
    private readonly tools: Tools,
    private readonly env: { DATABASE_URL: string; REDIS_URL: string } & Record<string, string>,
  ) {}

  static async start(tools: Tools, env: TestCluster['env'], nodes = 2): Promise<TestCluster> {
    const cluster = new TestCluster(tools, env);
    for (let i = 0; i < nodes; i++) await cluster.startNode(`node-${String.fromCharCode(97 + i)}`);
    cluster.nginx = await Nginx.start(tools.nginx, cluster.nodes.map((n) => n.port));
    return cluster;
  }

  get url(): string {
    if (!this.nginx) throw new Error('nginx is not running');
    return this.nginx.url;
  }

  node(id: string): ClusterNode {
    const node = this.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`no node ${id}`);
    return node;
  }

  /** Starts a node; `port` restarts one in the place nginx already knows. */
  async startNode(id: string, port = 0): Promise<ClusterNode> {
    const proc = await spawnServer({ ...this.env, DATA_DIR: this.dataDir, BASE_PATH: '/chat', NODE_ID: id, PORT: String(port), SHUTDOWN_TIMEOUT_MS: '5000' });
    const node = { id, port: Number(new URL(proc.url).port), process: proc };
    this.nodes.splice(0, this.nodes.length, ...this.nodes.filter((n) => n.id !== id), node);
    return node;
  }

  async kill(id: string): Promise<void> {
    await kill9(this.node(id).process);
  }

  /** SIGTERM, and the exit code once the node is gone. */
  terminate(id: string): Promise<number | null> {
    const child = this.node(id).process.child;
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  }

  async stop(): Promise<void> {
    await this.nginx?.stop();
    await Promise.all(this.nodes.filter((n) => n.process.child.exitCode === null && n.process.child.signalCode === null).map((n) => kill9(n.process)));
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
