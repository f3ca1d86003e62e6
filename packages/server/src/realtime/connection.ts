import { ClientFrame, CloseCode, RESUME_MAX_PER_CONVERSATION, type ServerFrame } from '@natter/protocol';
import type { WebSocket } from 'ws';
import type { AppContext, Auth } from '../context';
import { AppError, toAppError } from '../http/errors';
import { sendMessage } from '../modules/messages/commands';
import { presentMessage } from '../modules/messages/presenters';
import { messagesAfter } from '../modules/messages/queries';
import { markRead } from '../modules/reads/commands';
import { relayTyping } from '../modules/typing/commands';
import { penalizeFlooder } from '../security/socket-guard';
import { computeWelcome } from './resume';

/** A client that stops reading is cut off rather than buffered without bound; it resumes by cursor. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const RATE_PER_SECOND = 30;
const RATE_BURST = 60;
const MAX_RATE_STRIKES = 20;
/** Buffers are sent as text frames too. */
const TEXT = { binary: false } as const;

/** Frames are text; the gateway hands over UTF-8 bytes it encoded once for every socket. */
type Queued = { data: string | Buffer; conversationId: string | undefined; seq: number | undefined };
/** A conversation being read from the database: live events wait in `pending`; `again` asks for one more read. */
type Fill = { pending: Queued[]; again: boolean };

/** One open socket: its user, what it follows, and how far it has been sent each conversation. */
export class Connection {
  readonly conversations = new Set<string>();
  /** Highest message sequence sent per conversation, so replays and live events never repeat. */
  private readonly sent = new Map<string, number>();
  /** Events that arrive before the client's hello wait here, then pass the same filter. */
  private queue: Queued[] | null = [];
  private readonly filling = new Map<string, Fill>();
  /** Frames being handled (sends waiting for their commit): shutdown lets them answer before closing. */
  private readonly inFlight = new Set<Promise<void>>();
  /**
   * The previous send of this socket. Sends are stored one after another in the order they arrived,
   * so messages a client sends quickly (an offline queue flushed at reconnect) keep their order on
   * PostgreSQL too, where concurrent transactions could otherwise take sequences in any order.
   */
  private lastSend: Promise<unknown> = Promise.resolve();
  /** Shutting down: no new frame is started, the client is told to retry elsewhere. */
  private draining = false;
  alive = true;
  private tokens = RATE_BURST;
  private lastRefill = Date.now();
  private strikes = 0;

  constructor(
    readonly ws: WebSocket,
    readonly auth: Auth,
    private readonly ctx: AppContext,
  ) {}

  send(frame: ServerFrame): void {
    this.write(JSON.stringify(frame));
  }

  deliver(data: string | Buffer, conversationId?: string, seq?: number): void {
    if (this.queue) {
      this.queue.push({ data, conversationId, seq });
      return;
    }
    if (conversationId !== undefined && seq !== undefined) {
      const fill = this.filling.get(conversationId);
      if (fill) {
        fill.pending.push({ data, conversationId, seq });
        return;
      }
      const sent = this.sent.get(conversationId);
      if (sent !== undefined && seq <= sent) return;
      // Events from other nodes, or concurrent commits, can arrive out of order: fill the hole from
      // the database (every seq below a published one is already committed) so each socket sees 1, 2, 3…
      if (sent !== undefined && seq > sent + 1) {
        this.filling.set(conversationId, { pending: [{ data, conversationId, seq }], again: false });
        void this.fill(conversationId);
        return;
      }
      this.sent.set(conversationId, seq);
    }
    this.write(data);
  }

  /**
   * Sends every stored message of the followed conversations (or of `only`) newer than what this
   * socket was sent: after an outage of the event fan-out, nothing waits for a later message to show up.
   */
  async catchUp(only?: Iterable<string>): Promise<void> {
    if (this.queue || this.ws.readyState !== this.ws.OPEN) return;
    const wanted = only ? [...only].filter((id) => this.conversations.has(id)) : [...this.conversations];
    const known = wanted.filter((id) => this.sent.has(id));
    if (known.length === 0) return;
    const heads = await this.ctx.db.selectFrom('conversations').select(['id', 'last_seq']).where('id', 'in', known).execute();
    const fills: Promise<void>[] = [];
    for (const { id, last_seq } of heads) {
      if (last_seq <= (this.sent.get(id) ?? 0)) continue;
      const fill = this.filling.get(id);
      if (fill) {
        fill.again = true;
        continue;
      }
      this.filling.set(id, { pending: [], again: false });
      fills.push(this.fill(id));
    }
    await Promise.all(fills);
  }

  private async fill(conversationId: string): Promise<void> {
    const fill = this.filling.get(conversationId);
    if (!fill) return;
    let failed = false;
    do {
      fill.again = false;
      try {
        const after = this.sent.get(conversationId) ?? 0;
        const rows = await messagesAfter(this.ctx.db, conversationId, after, RESUME_MAX_PER_CONVERSATION);
        if (rows.length === RESUME_MAX_PER_CONVERSATION) {
          // Too far behind for a replay: a reconnect gets "resync" and reloads by REST.
          this.filling.delete(conversationId);
          this.send({ type: 'goodbye', reason: 'shutdown' });
          this.ws.close(CloseCode.shutdown, 'too far behind, reconnect');
          return;
        }
        for (const row of rows) {
          if (row.seq <= (this.sent.get(conversationId) ?? 0)) continue;
          this.sent.set(conversationId, row.seq);
          this.write(JSON.stringify({ type: 'message', message: presentMessage(row) } satisfies ServerFrame));
        }
      } catch (err) {
        this.ctx.log.warn({ err, conversationId }, 'could not fill a message gap; the client resumes by cursor');
        failed = true;
      }
    } while (fill.again && !failed);
    this.filling.delete(conversationId);
    for (const q of fill.pending) {
      // With the database unreachable the hole stays: the client sees seq > cursor + 1 and says hello again.
      if (failed && q.seq !== undefined && q.seq > (this.sent.get(conversationId) ?? 0)) {
        this.sent.set(conversationId, q.seq);
        this.write(q.data);
      } else this.deliver(q.data, q.conversationId, q.seq);
    }
  }

  /** Resolves when every frame being handled has answered (or failed). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  drain(): void {
    this.draining = true;
  }

  /** Session over: say why, then close so the client does not reconnect with a dead token. */
  end(reason: 'logged_out' | 'session_expired' | 'banned'): void {
    this.send({ type: 'goodbye', reason });
    this.ws.close(reason === 'banned' ? CloseCode.banned : CloseCode.loggedOut, reason);
  }

  onFrame(raw: string): Promise<void> {
    const handling = this.handleFrame(raw);
    this.inFlight.add(handling);
    void handling.finally(() => this.inFlight.delete(handling));
    return handling;
  }

  private async handleFrame(raw: string): Promise<void> {
    let json: unknown;
    let validJson = true;
    try {
      json = JSON.parse(raw);
    } catch {
      validJson = false;
    }
    const requestId = readRequestId(json);
    if (!this.takeToken(requestId)) return;
    if (!validJson) {
      this.fail(null, new AppError('invalid_json', 'the frame is not valid JSON'));
      return;
    }
    const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
    const parsed = ClientFrame.safeParse(json);
    if (!parsed.success) {
      const unknownType = !ClientFrame.options.some((o) => o.shape.type.value === type);
      this.fail(requestId, unknownType
        ? new AppError('unknown_event', `unknown frame type ${JSON.stringify(type)?.slice(0, 40) ?? ''}`)
        : new AppError('validation_failed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')));
      return;
    }
    const frame = parsed.data;
    if (this.draining) {
      this.fail(frame.id ?? null, new AppError('unavailable', 'this server is shutting down, reconnect and retry', { retryable: true }));
      return;
    }
    try {
      switch (frame.type) {
        case 'hello':
          await this.hello(frame.id, frame.cursors, frame.deletedSince);
          return;
        case 'send': {
          const turn = this.lastSend.then(() => sendMessage(this.ctx, this.auth, frame));
          this.lastSend = turn.catch(() => undefined);
          const message = await turn;
          this.send({ type: 'ack', id: frame.id, message });
          return;
        }
        case 'ping':
          this.send({ type: 'pong', id: frame.id, serverTime: this.ctx.now() });
          return;
        case 'typing':
          await relayTyping(this.ctx, this.auth, frame.conversationId);
          return;
        case 'read':
          await markRead(this.ctx, this.auth, frame.conversationId, frame.seq);
          return;
      }
    } catch (err) {
      const appErr = toAppError(err);
      if (appErr.status >= 500 && appErr.code !== 'unavailable') this.ctx.log.error({ err }, 'socket frame failed');
      this.fail(frame.id ?? null, appErr);
    }
  }

  private async hello(id: string, cursors: Record<string, number>, deletedSince: number | undefined): Promise<void> {
    const welcome = await computeWelcome(this.ctx, this.auth.userId, cursors, deletedSince);
    for (const [conversationId, head] of Object.entries(welcome.heads)) {
      // A conversation the client holds nothing of starts at its head: older messages come by REST.
      if (!(conversationId in cursors)) this.raise(conversationId, head);
    }
    for (const m of welcome.missed) this.raise(m.conversationId, m.seq);
    for (const r of welcome.resync) if (welcome.heads[r.conversationId] !== undefined) this.raise(r.conversationId, welcome.heads[r.conversationId] ?? 0);
    this.send({ type: 'welcome', id, ...welcome });
    const queued = this.queue;
    this.queue = null;
    for (const q of queued ?? []) this.deliver(q.data, q.conversationId, q.seq);
  }

  private raise(conversationId: string, seq: number): void {
    if (seq > (this.sent.get(conversationId) ?? 0)) this.sent.set(conversationId, seq);
  }

  /** A frame refused before it was read (too large, binary): still counts against the rate limit. */
  refuse(err: AppError): void {
    if (this.takeToken(null)) this.fail(null, err);
  }

  private fail(id: string | null, err: AppError): void {
    this.send({ type: 'error', id, code: err.code, message: err.message, ...(err.extra.retryable ? { retryable: true } : {}) });
  }

  private write(data: string | Buffer): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate();
      return;
    }
    holdUntilTick(this.ws);
    this.ws.send(data, TEXT);
  }

  private takeToken(requestId: string | null): boolean {
    const now = Date.now();
    this.tokens = Math.min(RATE_BURST, this.tokens + ((now - this.lastRefill) / 1000) * RATE_PER_SECOND);
    this.lastRefill = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.strikes += 1;
    if (this.strikes > MAX_RATE_STRIKES) {
      penalizeFlooder(this.ctx, this.auth.userId);
      this.ws.close(CloseCode.tooManyErrors, 'rate limit');
    }
    else this.fail(requestId, new AppError('rate_limited', 'too many frames, slow down', { retryable: true }));
    return false;
  }
}

/** Sockets holding their writes until the current tick ends. */
const held = new Set<{ cork(): void; uncork(): void }>();

/**
 * Frames written to one socket in the same tick (an ack and the sender's own copy, the messages of
 * one group commit) leave in one system call instead of one each.
 */
function holdUntilTick(ws: WebSocket): void {
  // ws keeps its TCP socket in _socket; corking it only delays the flush, frames stay in order.
  const socket = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
  if (!socket || held.has(socket)) return;
  socket.cork();
  held.add(socket);
  if (held.size === 1) process.nextTick(releaseHeld);
}

function releaseHeld(): void {
  for (const socket of held) socket.uncork();
  held.clear();
}

function readRequestId(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const id = (json as { id?: unknown }).id;
  return typeof id === 'string' && id.length <= 64 ? id : null;
}
