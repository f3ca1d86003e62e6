import { randomBytes } from 'node:crypto';
import type { ClientFrameInput, ServerFrame } from '@natter/protocol';
import WebSocket from 'ws';

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A REST caller holding one bearer token. */
export class Api {
  constructor(
    readonly base: string,
    public token?: string,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  get = <T = any>(path: string) => this.call<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.call<T>('POST', path, body);
}

export function uniqueName(prefix = 'u'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export async function signUp(base: string, username = uniqueName(), password = 'correct horse 1') {
  const api = new Api(base);
  const res = await api.post('/api/auth/register', { username, password });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  api.token = res.body.token;
  return { api, user: res.body.user as { id: string; username: string }, token: res.body.token as string, password };
}

let requestCounter = 0;
export const nextId = () => `r${++requestCounter}`;

/** A raw protocol socket that records every frame, for asserting exactly what the server sent. */
export class Socket {
  readonly frames: ServerFrame[] = [];
  private waiters: { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(base: string, token: string, headers: Record<string, string> = {}): Promise<Socket> {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/socket`, { headers: { authorization: `Bearer ${token}`, ...headers } });
    const socket = new Socket(ws);
    await socket.next((f) => f.type === 'ready');
    return socket;
  }

  /** Opens, says hello with `cursors`, and returns the welcome. */
  static async connect(base: string, token: string, cursors: Record<string, number> = {}) {
    const socket = await Socket.open(base, token);
    const welcome = await socket.request({ type: 'hello', id: nextId(), cursors });
    return { socket, welcome: welcome as Extract<ServerFrame, { type: 'welcome' }> };
  }

  /** Opens and says hello in protocol 2, with message and change cursors. */
  static async connect2(base: string, token: string, cursors: Record<string, number> = {}, changeCursors: Record<string, number> = {}) {
    const socket = await Socket.open(base, token);
    const welcome = await socket.request({ type: 'hello', id: nextId(), protocol: 2, cursors, changeCursors });
    return { socket, welcome: welcome as Extract<ServerFrame, { type: 'welcome' }> };
  }

  /** The message_change frames received, optionally of one conversation. */
  changes(conversationId?: string) {
    return this.frames.flatMap((f) => (f.type === 'message_change' && (!conversationId || f.change.conversationId === conversationId) ? [f.change] : []));
  }

  send(frame: ClientFrameInput | Record<string, unknown> | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first frame (already received or coming) that matches. */
  next(match: (f: ServerFrame) => boolean, timeoutMs = 5000): Promise<ServerFrame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`)), timeoutMs);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** Sends a frame with an id and waits for the answer carrying that id. */
  async request(frame: { id: string } & Record<string, unknown>): Promise<ServerFrame> {
    const answer = this.next((f) => 'id' in f && f.id === frame.id);
    this.send(frame);
    return answer;
  }

  messages(conversationId?: string) {
    return this.frames.flatMap((f) => (f.type === 'message' && (!conversationId || f.message.conversationId === conversationId) ? [f.message] : []));
  }

  close(): void {
    this.ws.close();
  }

  terminate(): void {
    this.ws.terminate();
  }
}
