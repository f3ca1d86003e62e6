import { ClientFrame, CloseCode, hasForbiddenCharacters, hasInvalidText, RESUME_MAX_PER_CONVERSATION, type ServerFrame } from '@natter/protocol';
import type { WebSocket } from 'ws';
import type { AppContext, Auth } from '../context';
import { AppError, toAppError } from '../http/errors';
import { sendMessage } from '../modules/messages/commands';
import { editMessage } from '../modules/messages/edit';
import { react, unreact } from '../modules/reactions/commands';
import { presentMessage } from '../modules/messages/presenters';
import { messagesAfter } from '../modules/messages/queries';
import { markRead } from '../modules/reads/commands';
import { relayTyping } from '../modules/typing/commands';
import type { SocketLimits } from '../security/config';
import { penalizeFlooder } from '../security/socket-guard';
import { presentChange } from '../modules/changes/presenters';
import { changesAfter } from '../modules/changes/queries';
import { legacyFrame } from './legacy';
import { computeWelcome } from './resume';
import { SequencedStream } from './sequenced';

/** Buffers are sent as text frames too. */
const TEXT = { binary: false } as const;

/** Frames are text; the gateway hands over UTF-8 bytes it encoded once for every socket. */
type Data = string | Buffer;
/**
 * A frame of a sequenced stream. `legacy` is what a protocol-1 socket is sent instead of `data`
 * (a deletion as `message_deleted`), null when it is sent nothing.
 */
export interface Sequenced {
  conversationId: string;
  stream: 'messages' | 'changes';
  seq: number;
  legacy?: Data | null;
}
type Queued = { data: Data; sequenced: Sequenced | undefined };

/** One open socket: its user, what it follows, and how far it has been sent each conversation. */
export class Connection {
  readonly conversations = new Set<string>();
  /** Set by the hello; a socket that never says hello is sent no conversation events. */
  private protocol: 1 | 2 = 1;
  /** Events that arrive before the client's hello wait here, then pass the same filter. */
  private queue: Queued[] | null = [];
  /** Messages and changes, each delivered once and in order per conversation. */
  private readonly streams: { messages: SequencedStream; changes: SequencedStream };
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
  /** Frame rate, burst, strikes and send buffer from the configuration (`SOCKET_*`). */
  private readonly limits: SocketLimits;
  private tokens: number;
  private lastRefill = Date.now();
  private strikes = 0;

  constructor(
    readonly ws: WebSocket,
    readonly auth: Auth,
    private readonly ctx: AppContext,
  ) {
    this.limits = ctx.config.security.socket;
    this.tokens = this.limits.frameBurst;
    const common = {
      write: (data: Data) => this.write(data),
      tooFarBehind: () => {
        // Too far behind for a replay: a reconnect gets "resync" and reloads by REST.
        this.send({ type: 'goodbye', reason: 'shutdown' });
        this.ws.close(CloseCode.shutdown, 'too far behind, reconnect');
      },
      warn: (err: unknown, conversationId: string) =>
        this.ctx.log.warn({ err, conversationId }, 'could not fill a gap; the client resumes by cursor'),
    };
    this.streams = {
      messages: new SequencedStream({
        ...common,
        load: async (conversationId, after, limit) =>
          (await messagesAfter(this.ctx.db, conversationId, after, limit)).map((row) => ({
            seq: Number(row.seq),
            data: JSON.stringify({ type: 'message', message: presentMessage(row) } satisfies ServerFrame),
          })),
      }, RESUME_MAX_PER_CONVERSATION),
      changes: new SequencedStream({
        ...common,
        load: async (conversationId, after, limit) =>
          (await changesAfter(this.ctx.db, conversationId, after, limit)).map((row) => {
            const change = presentChange(row);
            return { seq: change.changeSeq, data: this.pick(JSON.stringify({ type: 'message_change', change } satisfies ServerFrame), legacyFrame(change)) };
          }),
      }, RESUME_MAX_PER_CONVERSATION),
    };
  }

  send(frame: ServerFrame): void {
    this.write(JSON.stringify(frame));
  }

  deliver(data: Data, sequenced?: Sequenced): void {
    if (this.queue) {
      this.queue.push({ data, sequenced });
      return;
    }
    if (!sequenced) {
      this.write(data);
      return;
    }
    if (sequenced.stream === 'messages') this.streams.messages.offer(sequenced.conversationId, sequenced.seq, data);
    else this.streams.changes.offer(sequenced.conversationId, sequenced.seq, this.pick(data, sequenced.legacy ?? null));
  }

  /** What this socket reads of a change: protocol 1 knows deletions only, as `message_deleted`. */
  private pick(data: Data, legacy: Data | null): Data | null {
    return this.protocol === 2 ? data : legacy;
  }

  /**
   * Sends every stored message and change of the followed conversations (or of `only`) newer than
   * what this socket was sent: after an outage of the event fan-out, nothing waits for a later event.
   */
  async catchUp(only?: Iterable<string>): Promise<void> {
    if (this.queue || this.ws.readyState !== this.ws.OPEN) return;
    const wanted = only ? [...only].filter((id) => this.conversations.has(id)) : [...this.conversations];
    const known = wanted.filter((id) => this.streams.messages.sent.has(id) || this.streams.changes.sent.has(id));
    if (known.length === 0) return;
    const heads = await this.ctx.db.selectFrom('conversations').select(['id', 'last_seq', 'last_change_seq']).where('id', 'in', known).execute();
    await Promise.all(heads.flatMap(({ id, last_seq, last_change_seq }) => [
      this.streams.messages.sent.has(id) ? this.streams.messages.catchUp(id, Number(last_seq)) : [],
      this.streams.changes.sent.has(id) ? this.streams.changes.catchUp(id, Number(last_change_seq)) : [],
    ].flat()));
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
        : new AppError(hasInvalidText(parsed.error.issues) ? 'invalid_text' : 'validation_failed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')));
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
          await this.hello(frame);
          return;
        case 'send': {
          const turn = this.lastSend.then(() => sendMessage(this.ctx, this.auth, frame));
          this.lastSend = turn.catch(() => undefined);
          const message = await turn;
          this.send({ type: 'ack', id: frame.id, message });
          return;
        }
        case 'edit': {
          const message = await editMessage(this.ctx, this.auth, frame.conversationId, frame.messageId, frame.body);
          this.send({ type: 'ack', id: frame.id, message });
          return;
        }
        case 'react':
        case 'unreact': {
          const change = frame.type === 'react' ? react : unreact;
          const reactions = await change(this.ctx, this.auth, frame.conversationId, frame.messageId, frame.emoji);
          this.send({ type: 'reactions', id: frame.id, messageId: frame.messageId, reactions });
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
      this.ctx.storageHealth.observe(err);
      const appErr = toAppError(err);
      if (appErr.status >= 500 && appErr.code !== 'unavailable' && appErr.code !== 'storage_full') this.ctx.log.error({ err }, 'socket frame failed');
      this.fail(frame.id ?? null, appErr);
    }
  }

  private async hello(frame: Extract<ClientFrame, { type: 'hello' }>): Promise<void> {
    const { cursors, changeCursors, protocol } = frame;
    const welcome = await computeWelcome(this.ctx, this.auth.userId, { protocol, cursors, changeCursors, deletedSince: frame.deletedSince });
    this.protocol = protocol;
    const { messages, changes } = this.streams;
    const changeHeads = welcome.changeHeads ?? {};
    for (const [conversationId, head] of Object.entries(welcome.heads)) {
      // A conversation the client holds nothing of starts at its head: older messages come by REST. One it
      // holds starts at its cursor even when nothing was missed, so that a hole after it (a message whose
      // publication died with another node) is filled from the database, not skipped.
      const cursor = cursors[conversationId];
      messages.raise(conversationId, cursor === undefined ? head : Math.min(cursor, head));
      // Protocol 1 hears of deletions from now on; protocol 2 from its change cursor, or the head.
      const changeHead = changeHeads[conversationId] ?? 0;
      const changeCursor = changeCursors[conversationId];
      changes.raise(conversationId, protocol === 1 || changeCursor === undefined ? changeHead : Math.min(changeCursor, changeHead));
    }
    for (const m of welcome.missed) messages.raise(m.conversationId, m.seq);
    for (const c of welcome.changes ?? []) changes.raise(c.conversationId, c.changeSeq);
    for (const r of welcome.resync) {
      if (welcome.heads[r.conversationId] === undefined) continue;
      messages.raise(r.conversationId, welcome.heads[r.conversationId] ?? 0);
      changes.raise(r.conversationId, changeHeads[r.conversationId] ?? 0);
    }
    if (protocol === 2) this.send({ type: 'welcome', id: frame.id, ...welcome });
    else {
      const { changes: _c, changeHeads: _h, ...v1 } = welcome;
      this.send({ type: 'welcome', id: frame.id, ...v1 });
    }
    const queued = this.queue;
    this.queue = null;
    for (const q of queued ?? []) this.deliver(q.data, q.sequenced);
  }

  /** A frame refused before it was read (too large, binary): still counts against the rate limit. */
  refuse(err: AppError): void {
    if (this.takeToken(null)) this.fail(null, err);
  }

  private fail(id: string | null, err: AppError): void {
    this.send({
      type: 'error', id, code: err.code, message: err.message,
      ...(err.extra.retryable ? { retryable: true } : {}),
      ...(err.extra.retryAfterS !== undefined ? { retryAfterS: err.extra.retryAfterS } : {}),
    });
  }

  private write(data: string | Buffer): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.sendBufferBytes) {
      this.ws.terminate();
      return;
    }
    holdUntilTick(this.ws);
    this.ws.send(data, TEXT);
  }

  private takeToken(requestId: string | null): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.limits.frameBurst, this.tokens + ((now - this.lastRefill) / 1000) * this.limits.framesPerSecond);
    this.lastRefill = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.strikes += 1;
    if (this.strikes > this.limits.rateStrikes) {
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
  // An id that is itself invalid text is not echoed back.
  return typeof id === 'string' && id.length <= 64 && !hasForbiddenCharacters(id) ? id : null;
}
