import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

/** What every user of a soak shares: error counts by code and the delivery latency sink. */
export interface SoakShared {
  url: string;
  errors: Map<string, number>;
  /** A live message frame arrived `ms` after its sender sent it. */
  delivered(ms: number): void;
  stopped: boolean;
}

export interface SentRecord {
  conversationId: string;
  id: string;
  seq: number;
}

interface Pending {
  conversationId: string;
  body: string;
  attachments?: string[];
  requestId: string | null;
  retryTimer: NodeJS.Timeout | null;
}

export function countError(shared: SoakShared, code: string): void {
  shared.errors.set(code, (shared.errors.get(code) ?? 0) + 1);
}

/**
 * One soak user on the raw protocol: a socket that says hello with its cursors after every
 * (re)connect, sends with client ids it keeps until acknowledged (resent with the same id after a
 * reconnect), and counts every message it is given, so duplicates and losses can be told apart.
 */
export class SoakUser {
  private ws: WebSocket | null = null;
  private welcomed = false;
  private requests = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** Highest sequence held per conversation: the hello's cursors. */
  readonly cursors = new Map<string, number>();
  /** Message id → how many times a message frame (live or replayed) carried it. */
  readonly received = new Map<string, number>();
  readonly pending = new Map<string, Pending>();
  /** clientMsgId → the stored message the ack named. */
  readonly acked = new Map<string, SentRecord>();
  /** Sends the server refused for good (not retryable), by clientMsgId. */
  readonly refused = new Set<string>();
  /** A few recent message ids per conversation, for reactions. */
  readonly recent = new Map<string, string[]>();
  duplicates = 0;
  gaps = 0;
  connects = 0;

  constructor(
    private readonly shared: SoakShared,
    readonly userId: string,
    readonly token: string,
    readonly rooms: string[],
  ) {
    for (const r of rooms) this.cursors.set(r, 0);
  }

  get online(): boolean {
    return this.welcomed;
  }

  connect(): void {
    if (this.shared.stopped && this.ws) return;
    const ws = new WebSocket(`${this.shared.url.replace(/^http/, 'ws')}/api/socket`, { headers: { authorization: `Bearer ${this.token}` } });
    this.ws = ws;
    ws.on('message', (data) => this.onFrame(JSON.parse(data.toString())));
    ws.on('error', () => countError(this.shared, 'socket_error'));
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.welcomed = false;
      for (const p of this.pending.values()) p.requestId = null;
      this.scheduleReconnect();
    });
  }

  /** Closes the socket as a client going away would; it comes back by itself. */
  dropConnection(): void {
    this.ws?.close();
  }

  close(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    for (const p of this.pending.values()) if (p.retryTimer) clearTimeout(p.retryTimer);
    const ws = this.ws;
    this.ws = null;
    ws?.terminate();
  }

  send(conversationId: string, text: string, attachments?: string[]): void {
    const clientMsgId = `soak-${randomBytes(9).toString('base64url')}`;
    const body = `${text} t=${Date.now()}`;
    this.pending.set(clientMsgId, { conversationId, body, ...(attachments ? { attachments } : {}), requestId: null, retryTimer: null });
    this.transmit(clientMsgId);
  }

  private scheduleReconnect(): void {
    if (this.shared.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, 200 + Math.random() * 800);
  }

  private transmit(clientMsgId: string): void {
    const p = this.pending.get(clientMsgId);
    if (!p || !this.welcomed || !this.ws || p.requestId) return;
    p.requestId = `s${++this.requests}`;
    this.ws.send(JSON.stringify({ type: 'send', id: p.requestId, conversationId: p.conversationId, clientMsgId, body: p.body, ...(p.attachments ? { attachments: p.attachments } : {}) }));
  }

  private hello(): void {
    this.ws?.send(JSON.stringify({ type: 'hello', id: `h${++this.requests}`, cursors: Object.fromEntries(this.cursors) }));
  }

  private onFrame(f: any): void {
    switch (f.type) {
      case 'ready':
        this.hello();
        return;
      case 'welcome':
        for (const m of f.missed) this.receive(m, false);
        for (const r of f.resync) countError(this.shared, `resync_${r.reason}`);
        this.welcomed = true;
        this.connects++;
        for (const id of this.pending.keys()) this.transmit(id);
        return;
      case 'message':
        this.receive(f.message, true);
        return;
      case 'ack': {
        const m = f.message;
        this.acked.set(m.clientMsgId, { conversationId: m.conversationId, id: m.id, seq: m.seq });
        this.pending.delete(m.clientMsgId);
        return;
      }
      case 'error':
        this.onError(f);
        return;
    }
  }

  private onError(f: { id: string | null; code: string; retryable?: boolean }): void {
    countError(this.shared, f.code);
    const entry = [...this.pending].find(([, p]) => p.requestId !== null && p.requestId === f.id);
    if (!entry) return;
    const [clientMsgId, p] = entry;
    p.requestId = null;
    if (!f.retryable) {
      this.pending.delete(clientMsgId);
      this.refused.add(clientMsgId);
      return;
    }
    p.retryTimer = setTimeout(() => {
      p.retryTimer = null;
      this.transmit(clientMsgId);
    }, 300 + Math.random() * 700);
  }

  private receive(m: { id: string; conversationId: string; seq: number; body: string }, live: boolean): void {
    const seen = this.received.get(m.id) ?? 0;
    this.received.set(m.id, seen + 1);
    if (seen > 0) this.duplicates++;
    const cursor = this.cursors.get(m.conversationId);
    if (cursor === undefined) return;
    if (m.seq > cursor + 1) this.gaps++;
    if (m.seq > cursor) this.cursors.set(m.conversationId, m.seq);
    const recent = this.recent.get(m.conversationId) ?? [];
    recent.push(m.id);
    if (recent.length > 10) recent.shift();
    this.recent.set(m.conversationId, recent);
    const sentAt = /t=(\d+)$/.exec(m.body)?.[1];
    if (live && sentAt) this.shared.delivered(Date.now() - Number(sentAt));
  }
}
