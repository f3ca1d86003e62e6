import {
  type Attachment,
  type AuthOptions,
  ClientMsgId,
  type Conversation,
  type Language,
  type Me,
  type Message,
  hasContent,
  MessageText,
  type Presence,
  type PublicRoom,
  type ResyncEntry,
  type RoomInfo,
  type SharedFile,
  type SessionInfo,
  type RouteName,
  type RouteResponse,
  type ServerFrame,
  type ServerFrameOf,
  type UserRef,
} from '@natter/protocol';
import { type BackoffOptions, backoffDelay } from './backoff';
import { Emitter } from './emitter';
import { NatterError, issuesFromZod, toNatterError } from './errors';
import { newClientMsgId, randomHex } from './ids';
import { type OutboxEntry, Outbox } from './outbox';
import { type RequestInput, callRoute } from './rest';
import { type HeartbeatOptions, type SocketConstructor, SocketSession, socketUrl } from './socket';
import { SocialClient } from './social';
import { ChatStore } from './store';
import { TypingTracker } from './typing';
import { type UploadBody, type UploadOptions, uploadBytes } from './upload';

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'closed';

export interface NatterClientOptions {
  /** e.g. 'http://127.0.0.1:3000'; in a browser '' or the BASE_PATH ('/chat') for the same origin. */
  baseUrl: string;
  /** Bearer token (Node). Browsers rely on the session cookie. */
  token?: string;
  /** WebSocket constructor; defaults to `ws` in Node and globalThis.WebSocket in browsers. */
  WebSocket?: unknown;
  fetch?: typeof fetch;
  /** Jittered exponential backoff between reconnect attempts; defaults 500 ms .. 15 s. */
  reconnect?: BackoffOptions;
  /** Ping every 25 s; a socket silent for 60 s is treated as dead. */
  heartbeat?: HeartbeatOptions;
  /** Extra headers for file uploads (made outside the route table), e.g. a CSRF token. */
  uploadHeaders?: () => Record<string, string>;
}

export interface ClientEvents {
  message: Message;
  conversation: Conversation;
  member_joined: { conversationId: string; user: UserRef };
  member_left: { conversationId: string; userId: string };
  presence: Presence;
  /** A message was deleted by its sender; the store already shows it as deleted. */
  message_deleted: { conversationId: string; messageId: string; seq: number };
  status: ConnectionStatus;
  resync: ResyncEntry;
  error: NatterError;
  /** Caught up with the server after a (re)connect; live events flow from here on. */
  ready: { user: Me | null; reconnected: boolean };
  /** Every valid server frame, after the client applied it: for frame types without a helper. */
  frame: ServerFrame;
}

export class NatterClient {
  readonly store = new ChatStore();
  /** Friends, requests, blocks and settings (`social.contacts` is their observable store). */
  readonly social: SocialClient;
  /** Who is typing in which conversation. */
  readonly typing = new TypingTracker();
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly events = new Emitter<ClientEvents>();
  private readonly outbox = new Outbox();
  private _status: ConnectionStatus = 'idle';
  private _user: Me | null = null;
  private _token: string | null;
  private session: SocketSession | null = null;
  /** The current socket got its first welcome. */
  private welcomed = false;
  /** Some socket of this session was welcomed, so a later drop is a reconnect. */
  private sessionWelcomed = false;
  /** Synced at least once since login: conversations that show up later are new and replayed from seq 1. */
  private everSynced = false;
  private helloId: string | null = null;
  /** The last welcome's serverTime: on the next hello the server lists what was deleted since. */
  private deletedSince: number | null = null;
  private catchUpAgain = false;
  private reqCounter = 0;
  private readonly reqPrefix = randomHex(4);
  private connectWaiters: { resolve(): void; reject(e: NatterError): void }[] = [];
  private readonly fetchingConversation = new Set<string>();
  private adopting: Promise<void> | null = null;

  constructor(private readonly opts: NatterClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this._token = opts.token ?? null;
    const f = opts.fetch ?? globalThis.fetch;
    this.fetchImpl = (input, init) => f(input, init);
    this.store.selfId = () => this._user?.id ?? null;
    this.social = new SocialClient({ request: (name, input) => this.request(name, input), adoptConversation: (c) => void this.adopt(c) });
    this.events.on('frame', (f) => this.applySocialFrame(f));
    this.events.on('message', (m) => this.typing.stopped(m.conversationId, m.sender.id));
    // Reads made on other devices while this one was away arrive with a fresh list, not as events.
    this.events.on('ready', ({ reconnected }) => {
      if (reconnected) void this.listConversations().catch(() => undefined);
    });
  }

  get status(): ConnectionStatus {
    return this._status;
  }

  get user(): Me | null {
    return this._user;
  }

  get token(): string | null {
    return this._token;
  }

  on<K extends keyof ClientEvents>(event: K, handler: (arg: ClientEvents[K]) => void): () => void {
    return this.events.on(event, handler);
  }

  /* ---------------- REST ---------------- */

  request<N extends RouteName>(name: N, input: RequestInput<N> = {}): Promise<RouteResponse<N>> {
    return callRoute({ baseUrl: this.baseUrl, fetch: this.fetchImpl, token: this._token }, name, input);
  }

  /** `email` is needed when the server requires verified addresses (see authOptions()). */
  async register(username: string, password: string, opts: { email?: string; language?: Language } = {}): Promise<Me> {
    const r = await this.request('register', { body: { username, password, ...opts } });
    return this.loggedIn(r.user, r.token);
  }

  async login(username: string, password: string): Promise<Me> {
    const r = await this.request('login', { body: { username, password } });
    return this.loggedIn(r.user, r.token);
  }

  /** Ends the session on the server, closes the socket and forgets everything held. */
  async logout(): Promise<void> {
    this.disconnect();
    try {
      await this.request('logout');
    } catch (e) {
      if (!(e instanceof NatterError && e.code === 'unauthenticated')) throw e;
    } finally {
      this.forget();
    }
  }

  /** Deletes the account (the password confirms it), then forgets everything like logout. */
  async deleteAccount(password: string): Promise<void> {
    await this.request('deleteAccount', { body: { password } });
    this.disconnect();
    this.forget();
  }

  /** Whether sign-up needs an address, and whether mails land in the development outbox. */
  authOptions(): Promise<AuthOptions> {
    return this.request('authOptions');
  }

  /** Confirms the address the emailed link was for; works logged in or not. Returns that address. */
  async verifyEmail(token: string): Promise<string> {
    const { email } = await this.request('verifyEmail', { body: { token } });
    if (this._user) await this.me().catch(() => null);
    return email;
  }

  /** Mails the verification link again; rate_limited when one went out recently. */
  async resendVerification(): Promise<void> {
    await this.request('resendVerification');
  }

  /** The new address takes effect once its emailed link is opened (it shows as pendingEmail until then). */
  async changeEmail(email: string, password: string): Promise<Me> {
    const { user } = await this.request('changeEmail', { body: { email, password } });
    this._user = user;
    return user;
  }

  /** By username or address; resolves the same way whether or not such an account exists. */
  async requestPasswordReset(login: string): Promise<void> {
    await this.request('requestPasswordReset', { body: { login } });
  }

  /** Sets the password with the emailed token and logs in; every other session of the account ends. */
  async resetPassword(token: string, password: string): Promise<Me> {
    const r = await this.request('resetPassword', { body: { token, password } });
    return this.loggedIn(r.user, r.token);
  }

  /** Every other session of this account ends. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await this.request('changePassword', { body: { currentPassword, newPassword } });
  }

  async listSessions(): Promise<SessionInfo[]> {
    return (await this.request('listSessions')).sessions;
  }

  async endSession(id: string): Promise<void> {
    await this.request('endSession', { params: { id } });
  }

  /**
   * Marks a conversation read up to `seq` (default: its newest message). Over the socket when
   * online, else REST; the other devices of this account follow, and a DM peer gets a receipt.
   */
  async markRead(conversationId: string, seq?: number): Promise<void> {
    const upTo = seq ?? this.store.lastSeq(conversationId);
    if (upTo === undefined || upTo <= this.store.readSeq(conversationId)) return;
    this.store.setRead(conversationId, upTo, null);
    if (this.session && this.welcomed && this.session.send({ type: 'read', conversationId, seq: upTo })) return;
    await this.request('markRead', { params: { id: conversationId }, body: { seq: upTo } });
  }

  /** Call on every keystroke: tells the others at most once per throttle period. */
  sendTyping(conversationId: string): void {
    if (!this.session || !this.welcomed || !this.typing.shouldSend(conversationId)) return;
    this.session.send({ type: 'typing', conversationId });
  }

  /** The logged-in user, or null when the session is missing or expired. */
  async me(): Promise<Me | null> {
    try {
      const { user } = await this.request('me');
      this._user = user;
      return user;
    } catch (e) {
      if (e instanceof NatterError && e.code === 'unauthenticated') {
        this._user = null;
        return null;
      }
      throw e;
    }
  }

  async listConversations(): Promise<Conversation[]> {
    const known = this.store.conversationIds();
    const { conversations } = await this.request('listConversations');
    const r = this.store.replaceConversations(conversations, known);
    if (r.gap) this.catchUp();
    return conversations;
  }

  async getConversation(id: string): Promise<Conversation> {
    const { conversation } = await this.request('getConversation', { params: { id } });
    return this.adopt(conversation);
  }

  async createRoom(input: { name: string; topic?: string; visibility?: 'public' | 'private' }): Promise<Conversation> {
    const { conversation } = await this.request('createRoom', { body: input });
    return this.adopt(conversation);
  }

  async listPublicRooms(q?: string): Promise<PublicRoom[]> {
    const { rooms } = await this.request('listPublicRooms', { query: q === undefined || q === '' ? {} : { q } });
    return rooms;
  }

  async joinRoom(name: string): Promise<Conversation> {
    const { conversation } = await this.request('joinRoom', { params: { name } });
    return this.adopt(conversation);
  }

  async leaveConversation(id: string): Promise<void> {
    await this.request('leaveConversation', { params: { id } });
    this.store.removeConversation(id);
  }

  async openDm(username: string): Promise<Conversation> {
    const { conversation } = await this.request('openDm', { body: { username } });
    return this.adopt(conversation);
  }

  /** A page of history: the latest without `before`, older ones with it. Merged into the store. */
  async getMessages(conversationId: string, opts: { limit?: number; before?: number } = {}): Promise<{ messages: Message[]; hasMore: boolean }> {
    const query: { limit?: number; before?: number } = {};
    if (opts.limit !== undefined) query.limit = opts.limit;
    if (opts.before !== undefined) query.before = opts.before;
    const page = await this.request('getHistory', { params: { id: conversationId }, query });
    if (opts.before === undefined) this.mergeLatest(conversationId, page.messages, page.hasMore);
    else this.store.mergeOlderPage(conversationId, page.messages, page.hasMore, opts.before);
    return page;
  }

  /** Latest messages of `general`, or of the room named `room`. */
  async getLatestMessages(opts: { room?: string; limit?: number } = {}): Promise<Message[]> {
    const query: { room?: string; limit?: number } = {};
    if (opts.room !== undefined) query.room = opts.room;
    if (opts.limit !== undefined) query.limit = opts.limit;
    const page = await this.request('latestMessages', { query });
    const conversationId = page.messages[0]?.conversationId;
    if (conversationId && this.store.hasConversation(conversationId)) this.mergeLatest(conversationId, page.messages, page.hasMore);
    return page.messages;
  }

  async getOnlineUsers(): Promise<UserRef[]> {
    const { users } = await this.request('onlineUsers');
    return users;
  }

  /** Bytes my uploads take against my quota, and the largest file the server accepts. */
  storage(): Promise<{ usedBytes: number; quotaBytes: number; maxUploadBytes: number }> {
    return this.request('myStorage', {});
  }

  /** Files shared in a conversation, newest message first; pass the last `seq` as `before` for older ones. */
  listSharedFiles(conversationId: string, opts: { limit?: number; before?: number } = {}): Promise<{ files: SharedFile[]; hasMore: boolean }> {
    const query: { limit?: number; before?: number } = {};
    if (opts.limit !== undefined) query.limit = opts.limit;
    if (opts.before !== undefined) query.before = opts.before;
    return this.request('listSharedFiles', { params: { id: conversationId }, query });
  }

  async getRoomInfo(name: string): Promise<RoomInfo> {
    const info = await this.request('getRoomInfo', { params: { name } });
    if (this.store.hasConversation(info.conversation.id)) this.adopt(info.conversation);
    return info;
  }

  /* ---------------- realtime ---------------- */

  /** Opens the socket and resolves once caught up (first welcome). Keeps reconnecting until that happens. */
  connect(): Promise<void> {
    if (this._status === 'online') return Promise.resolve();
    let url: string;
    try {
      url = socketUrl(this.baseUrl);
    } catch (e) {
      return Promise.reject(toNatterError(e));
    }
    const waiting = new Promise<void>((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
    if (!this.session) this.startSession(url);
    return waiting;
  }

  /** Closes the socket for good; unacknowledged sends fail. */
  disconnect(): void {
    if (this.session) this.session.stop();
    else this.setStatus('closed');
  }

  /**
   * Sends over the socket (queued while reconnecting, resent with the same clientMsgId until acked),
   * or over REST when connect() was never called. Resolves with the stored message.
   */
  sendMessage(conversationId: string, body: string, opts: { clientMsgId?: string; attachments?: Attachment[] } = {}): Promise<Message> {
    const attachments = opts.attachments ?? [];
    const b = MessageText.safeParse(body);
    if (!b.success) return Promise.reject(validationError(b.error.issues, 'body'));
    if (!hasContent({ body, attachments: attachments.map((a) => a.id) })) {
      return Promise.reject(validationError([{ path: [], message: 'message is empty' }], 'body'));
    }
    const clientMsgId = opts.clientMsgId ?? newClientMsgId();
    const c = ClientMsgId.safeParse(clientMsgId);
    if (!c.success) return Promise.reject(validationError(c.error.issues, 'clientMsgId'));
    const existing = this.outbox.get(clientMsgId);
    if (existing && existing.conversationId === conversationId) return existing.promise;
    this.typing.sent(conversationId);
    return this.enqueue(conversationId, clientMsgId, body, Date.now(), attachments);
  }

  /** Sends a failed pending message again, with its original clientMsgId. */
  retryPending(conversationId: string, clientMsgId: string): Promise<Message> {
    const inFlight = this.outbox.get(clientMsgId);
    if (inFlight) return inFlight.promise;
    const p = this.store.getPending(conversationId, clientMsgId);
    if (!p) return Promise.reject(new NatterError('not_found', 'no such pending message'));
    return this.enqueue(conversationId, clientMsgId, p.body, p.createdAt, p.attachments ?? []);
  }

  /**
   * Uploads one file to a conversation (the raw bytes, streamed by the browser), reporting progress;
   * send the returned attachment with sendMessage. Abort `signal` to cancel.
   */
  uploadFile(conversationId: string, body: UploadBody, opts: UploadOptions = {}): Promise<Attachment> {
    const url = `${this.baseUrl}/api/conversations/${encodeURIComponent(conversationId)}/files`;
    return uploadBytes({ url, token: this._token, fetch: this.fetchImpl, headers: this.uploadHeaders() }, body, opts);
  }

  /** Takes back an upload no message carries yet (removed from the composer before sending). */
  async deleteUpload(fileId: string): Promise<void> {
    await this.request('deleteUpload', { params: { id: fileId } });
  }

  /** Deletes a message I sent, with its files; everyone in the conversation sees it go. */
  async deleteMessage(conversationId: string, messageId: string): Promise<void> {
    await this.request('deleteMessage', { params: { id: conversationId, messageId } });
    this.store.markDeleted(conversationId, messageId);
  }

  /** Absolute URL of a file path the server gave (attachment.url, attachment.thumbnailUrl). */
  fileUrl(path: string): string {
    return this.baseUrl + path;
  }

  /** Headers for raw requests made outside the route table; see NatterClientOptions.uploadHeaders. */
  private uploadHeaders(): Record<string, string> {
    return this.opts.uploadHeaders?.() ?? {};
  }

  /** Drops a failed pending message from the store. */
  discardPending(conversationId: string, clientMsgId: string): void {
    if (this.outbox.get(clientMsgId)) return;
    this.store.removePending(conversationId, clientMsgId);
  }

  /* ---------------- internals: REST helpers ---------------- */

  private forget(): void {
    this._token = null;
    this._user = null;
    this.everSynced = false;
    this.deletedSince = null;
    this.store.reset();
    this.social.contacts.reset();
    this.typing.reset();
  }

  private applySocialFrame(f: ServerFrame): void {
    switch (f.type) {
      case 'typing':
        if (f.user.id !== this._user?.id) this.typing.heard(f.conversationId, f.user);
        return;
      case 'read':
        this.store.setRead(f.conversationId, f.readSeq, f.unreadCount);
        return;
      case 'read_receipt':
        this.store.setPeerRead(f.conversationId, f.seq);
        return;
      case 'conversation':
        if (f.conversation.peer?.deleted) this.store.forgetUser(f.conversation.peer.id);
        return;
      case 'welcome':
        // Too far behind to replay: the unread count comes from the server rather than from counting.
        for (const r of f.resync) if (r.reason === 'too_old') void this.getConversation(r.conversationId).catch(() => undefined);
        return;
      default:
        this.social.contacts.apply(f, this._user?.id ?? null);
    }
  }

  private loggedIn(user: Me, token: string): Me {
    if (this._user && this._user.id !== user.id) {
      this.everSynced = false;
      this.store.reset();
    }
    this._user = user;
    this._token = token;
    return user;
  }

  private adopt(c: Conversation): Conversation {
    const r = this.store.upsertConversation(c);
    if (r.gap) this.catchUp();
    return c;
  }

  private mergeLatest(conversationId: string, page: Message[], hasMore: boolean): void {
    const r = this.store.mergeLatestPage(conversationId, page, hasMore);
    for (const m of r.applied) this.events.emit('message', m);
    if (r.gap) this.catchUp();
  }

  /* ---------------- internals: socket lifecycle ---------------- */

  private startSession(url: string): void {
    this.welcomed = false;
    this.sessionWelcomed = false;
    const session: SocketSession = new SocketSession(
      {
        url,
        token: () => this._token,
        ...(this.opts.WebSocket ? { WebSocket: this.opts.WebSocket as SocketConstructor } : {}),
        ...(this.opts.reconnect ? { reconnect: this.opts.reconnect } : {}),
        ...(this.opts.heartbeat ? { heartbeat: this.opts.heartbeat } : {}),
      },
      {
        open: () => {
          if (this.session === session) this.sendHello();
        },
        frame: (f) => {
          if (this.session !== session) return;
          this.onFrame(f);
          this.events.emit('frame', f);
        },
        invalidFrame: (e) => this.events.emit('error', e),
        lost: () => {
          if (this.session !== session) return;
          this.welcomed = false;
          this.helloId = null;
          this.outbox.forgetRequests();
          this.setStatus(this.sessionWelcomed ? 'reconnecting' : 'connecting');
        },
        ended: (error) => {
          if (this.session !== session) return;
          this.session = null;
          this.welcomed = false;
          this.helloId = null;
          const reason = error ?? new NatterError('unavailable', 'disconnected', { retryable: true });
          for (const e of this.outbox.all()) this.failSend(e, reason);
          const waiters = this.connectWaiters.splice(0);
          for (const w of waiters) w.reject(reason);
          if (error?.code === 'unauthenticated') this._user = null;
          this.setStatus('closed');
          if (error) this.events.emit('error', error);
        },
      },
    );
    this.session = session;
    this.setStatus('connecting');
    session.start();
  }

  private setStatus(s: ConnectionStatus): void {
    if (this._status === s) return;
    this._status = s;
    this.events.emit('status', s);
  }

  private nextId(kind: string): string {
    return `${kind}-${this.reqPrefix}-${++this.reqCounter}`;
  }

  private sendHello(): void {
    if (!this.session) return;
    const id = this.nextId('hello');
    this.helloId = id;
    this.catchUpAgain = false;
    const since = this.deletedSince === null ? {} : { deletedSince: this.deletedSince };
    if (!this.session.send({ type: 'hello', id, cursors: this.store.cursors(), ...since })) this.helloId = null;
  }

  /** Something is missing (a gap, a conversation behind): ask the server to replay from our cursors. */
  private catchUp(): void {
    if (!this.session || !this.session.isOpen) return;
    if (this.helloId !== null || !this.welcomed) this.catchUpAgain = true;
    else this.sendHello();
  }

  private onFrame(f: ServerFrame): void {
    switch (f.type) {
      case 'ready':
        this._user = f.user;
        return;
      case 'welcome':
        return this.onWelcome(f);
      case 'ack':
        return this.onAck(f);
      case 'error':
        return this.onErrorFrame(f);
      case 'message':
        return this.applyIncoming(f.message, true);
      case 'conversation':
        this.adopt(f.conversation);
        this.events.emit('conversation', f.conversation);
        return;
      case 'member_joined':
        this.events.emit('member_joined', { conversationId: f.conversationId, user: f.user });
        return;
      case 'member_left':
        if (this._user && f.userId === this._user.id) this.store.removeConversation(f.conversationId);
        this.events.emit('member_left', { conversationId: f.conversationId, userId: f.userId });
        return;
      case 'message_deleted':
        return this.applyDeleted(f);
      case 'presence':
        this.store.setPresence(f.presence);
        this.events.emit('presence', f.presence);
        return;
      case 'pong':
      case 'goodbye':
        // Liveness is tracked by the session; goodbye decides there whether to reconnect.
        return;
    }
  }

  private applyDeleted(d: { conversationId: string; messageId: string; seq: number }): void {
    this.store.markDeleted(d.conversationId, d.messageId);
    this.events.emit('message_deleted', { conversationId: d.conversationId, messageId: d.messageId, seq: d.seq });
  }

  private onWelcome(f: ServerFrameOf<'welcome'>): void {
    if (f.id === this.helloId) this.helloId = null;
    for (const m of f.missed) this.applyIncoming(m, false);
    for (const d of f.deleted) this.applyDeleted(d);
    this.deletedSince = f.serverTime;
    for (const r of f.resync) {
      this.events.emit('resync', r);
      if (r.reason === 'unknown') this.store.removeConversation(r.conversationId);
      else void this.getMessages(r.conversationId).catch((e) => this.events.emit('error', toNatterError(e)));
    }
    const unknown = Object.keys(f.heads).filter((id) => !this.store.hasConversation(id));
    if (unknown.length > 0) void this.adoptNew(unknown, this.everSynced);
    if (!this.welcomed) {
      this.welcomed = true;
      const reconnected = this.sessionWelcomed;
      this.sessionWelcomed = true;
      this.everSynced = true;
      this.session?.resetBackoff();
      this.setStatus('online');
      for (const e of this.outbox.unsent()) this.transmit(e);
      for (const w of this.connectWaiters.splice(0)) w.resolve();
      this.events.emit('ready', { user: this._user, reconnected });
    }
    if (this.catchUpAgain && this.helloId === null) this.sendHello();
  }

  /**
   * Conversations the server lists but the store does not know. Before the first sync they are
   * history (start at their newest seq); after it they are new to us, so everything in them is replayed.
   */
  private async adoptNew(ids: string[], replay: boolean): Promise<void> {
    while (this.adopting) await this.adopting;
    const wanted = ids.filter((id) => !this.store.hasConversation(id));
    if (wanted.length === 0) return;
    const run = (async () => {
      const { conversations } = await this.request('listConversations');
      let added = false;
      for (const c of conversations) {
        if (!wanted.includes(c.id) || this.store.hasConversation(c.id)) continue;
        this.store.upsertConversation(c, replay ? 0 : c.lastSeq);
        added = true;
        this.events.emit('conversation', c);
      }
      if (added && replay) this.catchUp();
    })();
    this.adopting = run.catch((e) => this.events.emit('error', toNatterError(e)));
    try {
      await this.adopting;
    } finally {
      this.adopting = null;
    }
  }

  private applyIncoming(m: Message, live: boolean): void {
    const known = this.store.hasConversation(m.conversationId);
    const r = this.store.applyMessage(m);
    this.settleOwn(m);
    for (const a of r.applied) this.events.emit('message', a);
    if (r.gap && live) this.catchUp();
    if (!known) this.fetchConversation(m.conversationId);
  }

  private fetchConversation(id: string): void {
    if (this.fetchingConversation.has(id)) return;
    this.fetchingConversation.add(id);
    this.getConversation(id)
      .then((c) => this.events.emit('conversation', c))
      .catch((e) => this.events.emit('error', toNatterError(e)))
      .finally(() => this.fetchingConversation.delete(id));
  }

  /* ---------------- internals: sending ---------------- */

  private enqueue(conversationId: string, clientMsgId: string, body: string, createdAt: number, attachments: Attachment[]): Promise<Message> {
    this.store.putPending({ clientMsgId, conversationId, body, createdAt, state: 'sending', attachments });
    if (!this.session) return this.sendViaRest(conversationId, clientMsgId, body, createdAt, attachments);
    const entry = this.outbox.add(conversationId, clientMsgId, body, attachments.map((a) => a.id));
    if (this.welcomed) this.transmit(entry);
    return entry.promise;
  }

  private async sendViaRest(conversationId: string, clientMsgId: string, body: string, createdAt: number, attachments: Attachment[]): Promise<Message> {
    try {
      const { message } = await this.request('sendMessage', {
        params: { id: conversationId },
        body: { clientMsgId, body, attachments: attachments.map((a) => a.id) },
      });
      this.store.removePending(conversationId, clientMsgId);
      this.applyIncoming(message, true);
      return message;
    } catch (e) {
      const error = toNatterError(e);
      this.store.putPending({ clientMsgId, conversationId, body, createdAt, state: 'failed', error, attachments });
      throw error;
    }
  }

  private transmit(entry: OutboxEntry): void {
    if (!this.session) return;
    const id = this.nextId('send');
    const frame = {
      type: 'send', id, conversationId: entry.conversationId, clientMsgId: entry.clientMsgId, body: entry.body, attachments: entry.attachments,
    } as const;
    if (this.session.send(frame)) this.outbox.markSent(entry, id);
  }

  /** A message of ours, by ack or by broadcast or replay: the send with that clientMsgId is done. */
  private settleOwn(m: Message): void {
    if (!m.clientMsgId || !this._user || m.sender.id !== this._user.id) return;
    const entry = this.outbox.get(m.clientMsgId);
    if (!entry || entry.conversationId !== m.conversationId) {
      this.store.removePending(m.conversationId, m.clientMsgId);
      return;
    }
    this.store.removePending(m.conversationId, m.clientMsgId);
    this.outbox.complete(entry, m);
  }

  private onAck(f: ServerFrameOf<'ack'>): void {
    const entry = this.outbox.forRequest(f.id);
    this.applyIncoming(f.message, true);
    if (entry) {
      this.store.removePending(entry.conversationId, entry.clientMsgId);
      this.outbox.complete(entry, f.message);
    }
  }

  private onErrorFrame(f: ServerFrameOf<'error'>): void {
    const error = new NatterError(f.code, f.message, f.retryable === undefined ? {} : { retryable: f.retryable });
    const entry = f.id === null ? undefined : this.outbox.forRequest(f.id);
    if (!entry) {
      if (f.id !== null && f.id === this.helloId) {
        this.helloId = null;
        // Without a welcome nothing flows on this socket, so a throttled hello must be asked again.
        if (f.retryable) {
          const session = this.session;
          setTimeout(() => {
            if (this.session === session && this.helloId === null && session?.isOpen) this.sendHello();
          }, backoffDelay(0, this.opts.reconnect));
        }
      }
      this.events.emit('error', error);
      return;
    }
    this.outbox.unlinkRequest(entry);
    if (f.retryable) {
      const delay = backoffDelay(entry.attempts++, this.opts.reconnect);
      entry.retryTimer = setTimeout(() => {
        entry.retryTimer = null;
        if (this.outbox.get(entry.clientMsgId) === entry && this.welcomed) this.transmit(entry);
      }, delay);
      return;
    }
    this.failSend(entry, error);
  }

  private failSend(entry: OutboxEntry, error: NatterError): void {
    const p = this.store.getPending(entry.conversationId, entry.clientMsgId);
    this.store.putPending({
      clientMsgId: entry.clientMsgId,
      conversationId: entry.conversationId,
      body: entry.body,
      createdAt: p?.createdAt ?? Date.now(),
      state: 'failed',
      error,
      ...(p?.attachments ? { attachments: p.attachments } : {}),
    });
    this.outbox.fail(entry, error);
  }
}

function validationError(issues: readonly { path: readonly PropertyKey[]; message: string }[], where: string): NatterError {
  const list = issuesFromZod(issues, where);
  return new NatterError('validation_failed', list.map((i) => `${i.path}: ${i.message}`).join('; '), { issues: list });
}
