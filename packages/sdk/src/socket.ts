import { type ClientFrameInput, CloseCode, SOCKET_PATH, ServerFrame } from '@natter/protocol';
import { type BackoffOptions, backoffDelay } from './backoff';
import { NatterError, issuesFromZod } from './errors';

/** The part of the WHATWG WebSocket API the SDK uses; both browsers and the `ws` package provide it. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate?(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type SocketConstructor = new (url: string, protocolsOrOptions?: unknown) => SocketLike;

const OPEN = 1;
/**
 * Close codes the protocol names are final (the session cannot continue as is), except the two that
 * mean "come back later"; so a code added to the protocol does not cause a reconnect loop.
 */
const RETRY_CLOSE_CODES: ReadonlySet<number> = new Set([CloseCode.tooManyErrors, CloseCode.shutdown]);
const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set(
  Object.values(CloseCode as Record<string, number>).filter((c) => !RETRY_CLOSE_CODES.has(c)),
);
const noop = (): void => {};

export interface HeartbeatOptions {
  /** How often to ping; default 25 s. */
  intervalMs?: number;
  /** A socket with no incoming frame for this long is treated as dead; default 60 s. */
  timeoutMs?: number;
}

export interface SocketSessionEvents {
  /** A socket is open; the owner should say hello. */
  open(): void;
  frame(frame: ServerFrame): void;
  invalidFrame(error: NatterError): void;
  /** The socket went away unexpectedly; a reconnect is scheduled. */
  lost(): void;
  /** No more reconnects: the session was stopped, or the server ended it for good. */
  ended(error: NatterError | null): void;
}

export function socketUrl(baseUrl: string): string {
  const here = (globalThis as { location?: { href: string } }).location?.href;
  let u: URL;
  try {
    u = new URL(baseUrl.replace(/\/+$/, '') + SOCKET_PATH, here);
  } catch {
    throw new NatterError('bad_request', `baseUrl must be an absolute http(s) URL outside a browser, got "${baseUrl}"`);
  }
  u.protocol = u.protocol === 'https:' || u.protocol === 'wss:' ? 'wss:' : 'ws:';
  return u.toString();
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && !('document' in globalThis);
}

/**
 * Node needs the `ws` package for bearer headers; the specifier is kept out of static analysis so
 * browser bundles never try to include it.
 */
async function defaultConstructor(): Promise<SocketConstructor> {
  if (isNode()) {
    try {
      const spec = 'ws';
      const mod = (await import(/* @vite-ignore */ spec)) as { WebSocket?: SocketConstructor; default?: SocketConstructor };
      const ctor = mod.WebSocket ?? mod.default;
      if (ctor) return ctor;
    } catch {
      // fall through to the global one
    }
  }
  const g = (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
  if (!g) throw new NatterError('unavailable', 'no WebSocket implementation: pass one as the WebSocket option or install "ws"');
  return g;
}

export interface SocketSessionOptions {
  url: string;
  token: () => string | null;
  WebSocket?: SocketConstructor;
  reconnect?: BackoffOptions;
  heartbeat?: HeartbeatOptions;
}

function decode(data: unknown): string | null {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data as Uint8Array);
  return null;
}

/**
 * One logical realtime session: opens sockets, parses frames, keeps the socket alive with pings,
 * and reconnects with backoff until stopped or until the server says this session is over.
 */
export class SocketSession {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private lastPingAt = 0;
  private pingCounter = 0;
  private stopped = false;
  /** Set by a goodbye that ends the session, so the following close is not mistaken for a drop. */
  private endReason: NatterError | null = null;

  constructor(
    private readonly opts: SocketSessionOptions,
    private readonly events: SocketSessionEvents,
  ) {}

  get isOpen(): boolean {
    return this.socket?.readyState === OPEN;
  }

  start(): void {
    this.stopped = false;
    void this.open();
  }

  /** Called once the server welcomed us: the connection works, so the next drop starts backoff afresh. */
  resetBackoff(): void {
    this.attempt = 0;
  }

  send(frame: ClientFrameInput): boolean {
    const s = this.socket;
    if (!s || s.readyState !== OPEN) return false;
    try {
      s.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Ends the session for good; no reconnect. */
  stop(code = 1000, reason = 'client closed'): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      this.detach(s);
      try {
        s.close(code, reason);
      } catch {
        // already closing
      }
    }
    this.events.ended(this.endReason);
  }

  /** Drops the current socket as dead and reconnects (used by the heartbeat and on protocol trouble). */
  drop(): void {
    const s = this.socket;
    if (!s || this.stopped) return;
    this.socket = null;
    this.detach(s);
    try {
      if (s.terminate) s.terminate();
      else s.close(4000, 'unresponsive');
    } catch {
      // nothing left to close
    }
    this.onLost();
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    let s: SocketLike;
    try {
      const Ctor = this.opts.WebSocket ?? (await defaultConstructor());
      if (this.stopped) return;
      const token = this.opts.token();
      s = token && isNode() ? new Ctor(this.opts.url, { headers: { authorization: `Bearer ${token}` } }) : new Ctor(this.opts.url);
    } catch (e) {
      if (e instanceof NatterError && e.code === 'unavailable' && !this.opts.WebSocket) {
        this.end(e);
        return;
      }
      this.onLost();
      return;
    }
    this.socket = s;
    this.endReason = null;
    s.onopen = () => {
      if (this.socket !== s) return;
      this.lastFrameAt = Date.now();
      this.startHeartbeat();
      this.events.open();
    };
    s.onmessage = (ev) => {
      if (this.socket !== s) return;
      this.lastFrameAt = Date.now();
      this.handleData(ev.data);
    };
    s.onerror = (ev) => {
      if (this.socket !== s) return;
      // `ws` reports a refused upgrade only through the error message.
      const msg = String((ev as { message?: unknown })?.message ?? '');
      if (/Unexpected server response: 401/.test(msg)) {
        this.endReason = new NatterError('unauthenticated', 'not logged in', { status: 401 });
      }
    };
    s.onclose = (ev) => {
      if (this.socket !== s) return;
      this.socket = null;
      this.detach(s);
      this.clearTimers();
      const code = ev?.code;
      if (code === CloseCode.unauthenticated) this.endReason ??= new NatterError('unauthenticated', 'not logged in', { status: 401 });
      if (code === CloseCode.loggedOut) this.endReason ??= new NatterError('unauthenticated', 'session ended');
      if (code === CloseCode.emailUnverified) this.endReason ??= new NatterError('email_unverified', 'confirm your email address first');
      if (TERMINAL_CLOSE_CODES.has(code)) this.endReason ??= new NatterError('forbidden', ev.reason || `closed with ${code}`);
      if (this.endReason) this.end(this.endReason);
      else this.onLost();
    };
  }

  private handleData(data: unknown): void {
    const text = decode(data);
    let raw: unknown;
    try {
      raw = text === null ? undefined : JSON.parse(text);
    } catch {
      raw = undefined;
    }
    if (raw === undefined) {
      this.events.invalidFrame(new NatterError('invalid_json', 'server sent a frame that is not JSON text'));
      return;
    }
    const parsed = ServerFrame.safeParse(raw);
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error.issues, 'frame');
      this.events.invalidFrame(new NatterError('validation_failed', 'server sent an invalid frame', { issues }));
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'goodbye' && frame.reason !== 'shutdown') {
      this.endReason = frame.reason === 'banned'
        ? new NatterError('account_banned', 'this account has been banned')
        : new NatterError('unauthenticated', frame.reason === 'logged_out' ? 'logged out' : 'session expired');
    }
    this.events.frame(frame);
  }

  private startHeartbeat(): void {
    const interval = this.opts.heartbeat?.intervalMs ?? 25_000;
    const timeout = this.opts.heartbeat?.timeoutMs ?? 60_000;
    const tick = Math.max(20, Math.min(interval / 2, timeout / 4));
    this.lastPingAt = Date.now();
    this.clearHeartbeat();
    this.heartbeatTimer = setInterval(() => {
      const now = Date.now();
      if (now - this.lastFrameAt > timeout) {
        this.drop();
        return;
      }
      if (now - this.lastPingAt >= interval) {
        this.lastPingAt = now;
        this.send({ type: 'ping', id: `ping-${++this.pingCounter}` });
      }
    }, tick);
  }

  private onLost(): void {
    this.clearTimers();
    if (this.stopped) return;
    this.events.lost();
    const delay = backoffDelay(this.attempt++, this.opts.reconnect);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.open();
    }, delay);
  }

  private end(error: NatterError): void {
    this.endReason = error;
    this.stop(1000, error.message);
  }

  /** No-ops rather than null: `ws` throws on an 'error' event nobody listens to. */
  private detach(s: SocketLike): void {
    s.onopen = noop;
    s.onmessage = noop;
    s.onerror = noop;
    s.onclose = noop;
  }

  private clearHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private clearTimers(): void {
    this.clearHeartbeat();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}
