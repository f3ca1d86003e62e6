import type { ClientFrameInput, ServerFrameOf } from '@natter/protocol';
import { backoffDelay } from '../backoff';
import { NatterError, toNatterError } from '../errors';
import { type SocketConstructor, SocketSession, socketUrl } from '../socket';
import type { ClientCore } from './core';

export type Welcome = ServerFrameOf<'welcome'>;

/**
 * A domain part's share of the realtime sync. Every hook is optional; hooks run in the order the
 * parts joined, which the client fixes once in its constructor.
 */
export interface SyncPart {
  /** Logged out, or another account logged in: nothing this part holds about the sync carries over. */
  forget?(): void;
  /** What this part adds to every hello (the protocol version and change cursors). */
  helloFields?(): Record<string, unknown>;
  /** Applies this part's share of a welcome (what was missed while away), before the client is ready. */
  welcome?(f: Welcome): void;
  /** The socket got its first welcome: what waited for it may go out now. */
  online?(): void;
  /** The socket dropped and a reconnect follows: requests in flight on it are void. */
  lost?(): void;
  /** No more reconnects: disconnect, logout, or the server ended the session. */
  ended?(reason: NatterError): void;
  /** An error frame with a request id: true when it answers a request of this part, which then handles it. */
  requestFailed?(f: ServerFrameOf<'error'>, error: NatterError): boolean;
}

/**
 * The realtime session: the socket's lifecycle and status, hello with the resume state, the welcome
 * (catch-up after every (re)connect), catching up again when something is missing, the connect()
 * promise, and the frame entry point that hands each frame to the dispatch. Domain state stays in
 * the parts; they take part through SyncPart and their frame handlers.
 */
export class SessionSync {
  private session: SocketSession | null = null;
  /** The current socket got its first welcome. */
  private _welcomed = false;
  /** Some socket of this session was welcomed, so a later drop is a reconnect. */
  private sessionWelcomed = false;
  /** Synced at least once since login: conversations that show up later are new and replayed from seq 1. */
  private everSynced = false;
  private helloId: string | null = null;
  private catchUpAgain = false;
  private connectWaiters: { resolve(): void; reject(e: NatterError): void }[] = [];
  private readonly parts: SyncPart[] = [];

  constructor(private readonly core: ClientCore) {
    core.frames.on('ready', (f) => {
      core.user = f.user;
    });
    core.frames.on('welcome', (f) => this.onWelcome(f));
    core.frames.on('error', (f) => this.onErrorFrame(f));
    // pong and goodbye need nothing here: liveness is tracked by the socket session, and goodbye
    // decides there whether to reconnect.
  }

  join(part: SyncPart): void {
    this.parts.push(part);
  }

  /** connect() was called and the session has not ended: sends go over the socket, not REST. */
  get active(): boolean {
    return this.session !== null;
  }

  /** The current socket is welcomed: frames sent now are acted on. */
  get welcomed(): boolean {
    return this._welcomed;
  }

  /** Synced at least once since login. */
  get synced(): boolean {
    return this.everSynced;
  }

  /** Sends on the current socket; false when there is none or it is not open. */
  send(frame: ClientFrameInput): boolean {
    return this.session !== null && this.session.send(frame);
  }

  connect(): Promise<void> {
    if (this.core.status === 'online') return Promise.resolve();
    let url: string;
    try {
      url = socketUrl(this.core.baseUrl);
    } catch (e) {
      return Promise.reject(toNatterError(e));
    }
    const waiting = new Promise<void>((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
    if (!this.session) this.startSession(url);
    return waiting;
  }

  disconnect(): void {
    if (this.session) this.session.stop();
    else this.core.setStatus('closed');
  }

  /** Something is missing (a gap, a conversation behind): ask the server to replay from our cursors. */
  catchUp(): void {
    if (!this.session || !this.session.isOpen) return;
    if (this.helloId !== null || !this._welcomed) this.catchUpAgain = true;
    else this.sendHello();
  }

  /** Another account logged in: what it syncs first is its history, not news. */
  accountChanged(): void {
    this.everSynced = false;
    for (const p of this.parts) p.forget?.();
  }

  /** Logged out: nothing of the previous sync carries over. */
  forget(): void {
    this.everSynced = false;
    for (const p of this.parts) p.forget?.();
  }

  private startSession(url: string): void {
    const { core } = this;
    this._welcomed = false;
    this.sessionWelcomed = false;
    const session: SocketSession = new SocketSession(
      {
        url,
        token: () => core.token,
        ...(core.opts.WebSocket ? { WebSocket: core.opts.WebSocket as SocketConstructor } : {}),
        ...(core.opts.reconnect ? { reconnect: core.opts.reconnect } : {}),
        ...(core.opts.heartbeat ? { heartbeat: core.opts.heartbeat } : {}),
      },
      {
        open: () => {
          if (this.session === session) this.sendHello();
        },
        frame: (f) => {
          if (this.session !== session) return;
          core.frames.dispatch(f);
          core.events.emit('frame', f);
        },
        invalidFrame: (e) => core.events.emit('error', e),
        lost: () => {
          if (this.session !== session) return;
          this._welcomed = false;
          this.helloId = null;
          for (const p of this.parts) p.lost?.();
          core.setStatus(this.sessionWelcomed ? 'reconnecting' : 'connecting');
        },
        ended: (error) => {
          if (this.session !== session) return;
          this.session = null;
          this._welcomed = false;
          this.helloId = null;
          const reason = error ?? new NatterError('unavailable', 'disconnected', { retryable: true });
          for (const p of this.parts) p.ended?.(reason);
          const waiters = this.connectWaiters.splice(0);
          for (const w of waiters) w.reject(reason);
          if (error?.code === 'unauthenticated') core.user = null;
          core.setStatus('closed');
          if (error) core.events.emit('error', error);
        },
      },
    );
    this.session = session;
    core.setStatus('connecting');
    session.start();
  }

  /**
   * Everything a resume starts from goes into the hello: the message cursors, and what the parts
   * add (protocol 2 and the change cursors, from the changes part).
   */
  private sendHello(): void {
    if (!this.session) return;
    const id = this.core.nextId('hello');
    this.helloId = id;
    this.catchUpAgain = false;
    const extra = Object.assign({}, ...this.parts.map((p) => p.helloFields?.() ?? {})) as Record<string, unknown>;
    if (!this.session.send({ type: 'hello', id, cursors: this.core.store.cursors(), ...extra } as ClientFrameInput)) this.helloId = null;
  }

  private onWelcome(f: Welcome): void {
    if (f.id === this.helloId) this.helloId = null;
    for (const p of this.parts) p.welcome?.(f);
    if (!this._welcomed) {
      this._welcomed = true;
      const reconnected = this.sessionWelcomed;
      this.sessionWelcomed = true;
      this.everSynced = true;
      this.session?.resetBackoff();
      this.core.setStatus('online');
      for (const p of this.parts) p.online?.();
      for (const w of this.connectWaiters.splice(0)) w.resolve();
      this.core.events.emit('ready', { user: this.core.user, reconnected });
    }
    if (this.catchUpAgain && this.helloId === null) this.sendHello();
  }

  private onErrorFrame(f: ServerFrameOf<'error'>): void {
    const error = new NatterError(f.code, f.message, f.retryable === undefined ? {} : { retryable: f.retryable });
    if (f.id !== null) {
      for (const p of this.parts) if (p.requestFailed?.(f, error)) return;
      if (f.id === this.helloId) {
        this.helloId = null;
        // Without a welcome nothing flows on this socket, so a throttled hello must be asked again.
        if (f.retryable) {
          const session = this.session;
          setTimeout(() => {
            if (this.session === session && this.helloId === null && session?.isOpen) this.sendHello();
          }, backoffDelay(0, this.core.opts.reconnect));
        }
      }
    }
    this.core.events.emit('error', error);
  }
}
