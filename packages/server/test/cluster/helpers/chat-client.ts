import type { Message, ServerFrame } from '@natter/protocol';
import WebSocket from 'ws';

type ErrorFrame = Extract<ServerFrame, { type: 'error' }>;
let counter = 0;

/**
 * A client that behaves like a real one behind a balancer: it keeps its cursors, reconnects when its
 * socket drops (landing wherever the balancer sends it), resumes with hello, and resends every send
 * not yet acknowledged with the same clientMsgId. It records everything to assert on.
 */
export class ChatClient {
  ws: WebSocket | null = null;
  /** Node that took the current socket (X-Natter-Node). */
  node: string | null = null;
  readonly cursors: Record<string, number> = {};
  /** Every message received, per conversation, in arrival order (live and replayed). */
  readonly received = new Map<string, Message[]>();
  readonly acked = new Map<string, Message>();
  readonly pending = new Map<string, { conversationId: string; body: string }>();
  readonly errors: ErrorFrame[] = [];
  readonly frames: ServerFrame[] = [];
  /** Nodes this client's sockets were taken by, in order. */
  readonly nodes: string[] = [];
  private stopped = false;
  private readonly queue: string[] = [];
  private pacer: NodeJS.Timeout | null = null;
  private listeners = new Set<(f: ServerFrame) => void>();

  constructor(
    readonly base: string,
    readonly token: string,
    private readonly retryDelayMs = 150,
  ) {}

  /** Opens a socket and resumes; `avoid` retries until a socket lands on another node than that one. */
  async connect(avoid?: string): Promise<void> {
    // nginx keeps a node it saw fail out of rotation for its fail_timeout (5 s): keep asking a while.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const ws = await this.open();
      if (!avoid || this.node !== avoid) return this.resume(ws);
      ws.removeAllListeners('close');
      ws.close();
      await new Promise((r) => ws.once('close', r));
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`every socket landed on ${avoid} for 15 s`);
  }

  send(conversationId: string, body: string, clientMsgId = `cc${process.pid}x${++counter}xxxxxx`): string {
    this.pending.set(clientMsgId, { conversationId, body });
    this.transmit(clientMsgId);
    return clientMsgId;
  }

  next(match: (f: ServerFrame) => boolean, timeoutMs = 5000): Promise<ServerFrame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching frame within ${timeoutMs} ms (node ${this.node})`));
      }, timeoutMs);
      const listener = (f: ServerFrame) => {
        if (!match(f)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(f);
      };
      this.listeners.add(listener);
    });
  }

  messages(conversationId: string): Message[] {
    return this.received.get(conversationId) ?? [];
  }

  close(): void {
    this.stopped = true;
    if (this.pacer) clearInterval(this.pacer);
    this.pacer = null;
    this.ws?.terminate();
  }

  private open(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${this.base.replace(/^http/, 'ws')}/api/socket`, { headers: { authorization: `Bearer ${this.token}` } });
      ws.once('upgrade', (res) => {
        this.node = String(res.headers['x-natter-node'] ?? '');
      });
      ws.once('unexpected-response', (_req, res) => reject(new Error(`socket refused: ${res.statusCode}`)));
      ws.once('error', reject);
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as ServerFrame;
        if (frame.type === 'ready') resolve(ws);
        this.onFrame(frame);
      });
    });
  }

  private async resume(ws: WebSocket): Promise<void> {
    this.ws = ws;
    this.nodes.push(this.node ?? '');
    ws.on('error', () => {});
    ws.on('close', () => {
      if (this.ws === ws) this.ws = null;
      if (!this.stopped) void this.reconnect();
    });
    const id = `hello${++counter}`;
    const welcome = this.next((f) => f.type === 'welcome' && f.id === id, 10_000);
    ws.send(JSON.stringify({ type: 'hello', id, cursors: { ...this.cursors } }));
    await welcome;
    for (const clientMsgId of this.pending.keys()) this.transmit(clientMsgId);
  }

  private async reconnect(): Promise<void> {
    while (!this.stopped) {
      await new Promise((r) => setTimeout(r, this.retryDelayMs));
      try {
        await this.resume(await this.open());
        return;
      } catch {
        // the balancer had nobody to give us yet: try again
      }
    }
  }

  /**
   * Sends leave at most one every 35 ms (under the server's 30 frames/s per socket), like a client that
   * respects the rate limit: a resumed backlog must not get the socket cut off for flooding.
   */
  private transmit(clientMsgId: string): void {
    if (!this.queue.includes(clientMsgId)) this.queue.push(clientMsgId);
    if (this.pacer) return;
    this.pacer = setInterval(() => {
      const ws = this.ws;
      if (ws?.readyState !== WebSocket.OPEN) return;
      const id = this.queue.shift();
      if (id === undefined) {
        clearInterval(this.pacer ?? undefined);
        this.pacer = null;
        return;
      }
      const p = this.pending.get(id);
      if (p) ws.send(JSON.stringify({ type: 'send', id, conversationId: p.conversationId, clientMsgId: id, body: p.body }));
    }, 35);
    this.pacer.unref();
  }

  private record(m: Message): void {
    let list = this.received.get(m.conversationId);
    if (!list) this.received.set(m.conversationId, (list = []));
    list.push(m);
    this.cursors[m.conversationId] = Math.max(this.cursors[m.conversationId] ?? 0, m.seq);
  }

  private onFrame(frame: ServerFrame): void {
    this.frames.push(frame);
    if (frame.type === 'message') this.record(frame.message);
    if (frame.type === 'welcome') {
      for (const m of frame.missed) this.record(m);
      // Conversations the client holds nothing of start at their head, as a real client would.
      for (const [id, head] of Object.entries(frame.heads)) if (!(id in this.cursors)) this.cursors[id] = head;
    }
    if (frame.type === 'ack' && this.pending.has(frame.message.clientMsgId ?? '')) {
      this.pending.delete(frame.message.clientMsgId ?? '');
      this.acked.set(frame.message.clientMsgId ?? '', frame.message);
    }
    if (frame.type === 'error') {
      this.errors.push(frame);
      if (frame.retryable && frame.id && this.pending.has(frame.id)) {
        const id = frame.id;
        setTimeout(() => this.transmit(id), frame.code === 'rate_limited' ? 1000 : this.retryDelayMs).unref();
      }
    }
    for (const listener of [...this.listeners]) listener(frame);
  }
}

/** Seqs must run 1, 2, 3… from the first one received: no repeat, no hole, no reordering. */
export function seqProblems(messages: Message[]): string[] {
  const problems: string[] = [];
  for (let i = 1; i < messages.length; i++) {
    const prev = messages[i - 1]!.seq;
    const seq = messages[i]!.seq;
    if (seq !== prev + 1) problems.push(`${prev} then ${seq}`);
  }
  return problems;
}
