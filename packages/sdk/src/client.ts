import type {
  Attachment,
  AuthOptions,
  Conversation,
  EmailNotifications,
  Language,
  Me,
  Message,
  MessageChange,
  MessageEdit,
  Presence,
  Reaction,
  PublicRoom,
  ResyncEntry,
  RoomInfo,
  SearchMessagesResponse,
  SharedFile,
  SessionInfo,
  RouteName,
  RouteResponse,
  ServerFrame,
  UserRef,
} from '@natter/protocol';
import type { BackoffOptions } from './backoff';
import type { NatterError } from './errors';
import { AccountPart } from './parts/account';
import { ChangesPart } from './parts/changes';
import { ConversationsPart } from './parts/conversations';
import { ClientCore } from './parts/core';
import { FilesPart } from './parts/files';
import { MessagesPart, type SendOptions } from './parts/messages';
import { PeoplePart } from './parts/people';
import { SearchPart, type SearchOptions } from './parts/search';
import { SessionSync } from './parts/sync';
import type { RequestInput } from './rest';
import type { HeartbeatOptions } from './socket';
import { SocialClient } from './social';
import type { ChatStore } from './store';
import type { TypingTracker } from './typing';
import type { UploadBody, UploadOptions } from './upload';

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
  /** A message was deleted (by its sender or an administrator); the store already shows it as deleted. */
  message_deleted: { conversationId: string; messageId: string; seq: number };
  /**
   * A change of the log was applied (edit, deletion, reaction, pin), live or replayed, once each
   * and in order; `message` is the store's updated copy, null when the message is not held.
   */
  message_change: { change: MessageChange; message: Message | null };
  status: ConnectionStatus;
  resync: ResyncEntry;
  error: NatterError;
  /** Caught up with the server after a (re)connect; live events flow from here on. */
  ready: { user: Me | null; reconnected: boolean };
  /** Every valid server frame, after the client applied it: for frame types without a helper. */
  frame: ServerFrame;
}

/**
 * The one object users construct and call. It holds no logic of its own: each method delegates to
 * the part that owns its domain (packages/sdk/src/parts), which share one ClientCore.
 */
export class NatterClient {
  readonly store: ChatStore;
  /** Friends, requests, blocks and settings (`social.contacts` is their observable store). */
  readonly social: SocialClient;
  /** Who is typing in which conversation. */
  readonly typing: TypingTracker;
  private readonly core: ClientCore;
  private readonly sync: SessionSync;
  private readonly account: AccountPart;
  private readonly conversations: ConversationsPart;
  private readonly messages: MessagesPart;
  private readonly changes: ChangesPart;
  private readonly files: FilesPart;
  private readonly people: PeoplePart;
  private readonly search: SearchPart;

  constructor(opts: NatterClientOptions) {
    const core = new ClientCore(opts);
    this.core = core;
    this.store = core.store;
    this.typing = core.typing;
    // The sync registers its frame handlers first, so a welcome is settled before anyone else sees it.
    this.sync = new SessionSync(core);
    this.conversations = new ConversationsPart(core, this.sync);
    this.messages = new MessagesPart(core, this.sync, this.conversations);
    this.social = new SocialClient({ request: (name, input) => core.request(name, input), adoptConversation: (c) => void this.conversations.adopt(c) });
    this.people = new PeoplePart(core, this.sync, this.social.contacts);
    this.account = new AccountPart(core, this.sync, this.social.contacts);
    this.files = new FilesPart(core);
    this.search = new SearchPart(core);
    this.changes = new ChangesPart(core, this.sync);
    // A welcome is applied in this order: missed messages and resyncs, then changes, then conversations new to us.
    this.sync.join(this.messages);
    this.sync.join(this.changes);
    this.sync.join(this.conversations);
  }

  get status(): ConnectionStatus {
    return this.core.status;
  }

  get user(): Me | null {
    return this.core.user;
  }

  get token(): string | null {
    return this.core.token;
  }

  on<K extends keyof ClientEvents>(event: K, handler: (arg: ClientEvents[K]) => void): () => void {
    return this.core.events.on(event, handler);
  }

  /* ---------------- REST ---------------- */

  request<N extends RouteName>(name: N, input: RequestInput<N> = {}): Promise<RouteResponse<N>> {
    return this.core.request(name, input);
  }

  /* ---------------- account ---------------- */

  /** `email` is needed when the server requires verified addresses (see authOptions()). */
  register(username: string, password: string, opts: { email?: string; language?: Language } = {}): Promise<Me> {
    return this.account.register(username, password, opts);
  }

  login(username: string, password: string): Promise<Me> {
    return this.account.login(username, password);
  }

  /** Ends the session on the server, closes the socket and forgets everything held. */
  logout(): Promise<void> {
    return this.account.logout();
  }

  /** Deletes the account (the password confirms it), then forgets everything like logout. */
  deleteAccount(password: string): Promise<void> {
    return this.account.deleteAccount(password);
  }

  /** Whether sign-up needs an address, and whether mails land in the development outbox. */
  authOptions(): Promise<AuthOptions> {
    return this.account.authOptions();
  }

  /** Confirms the address the emailed link was for; works logged in or not. Returns that address. */
  verifyEmail(token: string): Promise<string> {
    return this.account.verifyEmail(token);
  }

  /** Mails the verification link again; rate_limited when one went out recently. */
  resendVerification(): Promise<void> {
    return this.account.resendVerification();
  }

  /** The new address takes effect once its emailed link is opened (it shows as pendingEmail until then). */
  changeEmail(email: string, password: string): Promise<Me> {
    return this.account.changeEmail(email, password);
  }

  /** Whether a missed-message email goes to the confirmed address, and the server's timings for it. */
  emailNotifications(): Promise<EmailNotifications> {
    return this.account.emailNotifications();
  }

  setEmailNotifications(missedMessages: boolean): Promise<EmailNotifications> {
    return this.account.setEmailNotifications(missedMessages);
  }

  /** By username or address; resolves the same way whether or not such an account exists. */
  requestPasswordReset(login: string): Promise<void> {
    return this.account.requestPasswordReset(login);
  }

  /** Sets the password with the emailed token and logs in; every other session of the account ends. */
  resetPassword(token: string, password: string): Promise<Me> {
    return this.account.resetPassword(token, password);
  }

  /** Every other session of this account ends. */
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.account.changePassword(currentPassword, newPassword);
  }

  listSessions(): Promise<SessionInfo[]> {
    return this.account.listSessions();
  }

  endSession(id: string): Promise<void> {
    return this.account.endSession(id);
  }

  /** The logged-in user, or null when the session is missing or expired. */
  me(): Promise<Me | null> {
    return this.account.me();
  }

  /* ---------------- conversations ---------------- */

  listConversations(): Promise<Conversation[]> {
    return this.conversations.listConversations();
  }

  getConversation(id: string): Promise<Conversation> {
    return this.conversations.getConversation(id);
  }

  createRoom(input: { name: string; topic?: string; visibility?: 'public' | 'private' }): Promise<Conversation> {
    return this.conversations.createRoom(input);
  }

  listPublicRooms(q?: string): Promise<PublicRoom[]> {
    return this.conversations.listPublicRooms(q);
  }

  joinRoom(name: string): Promise<Conversation> {
    return this.conversations.joinRoom(name);
  }

  leaveConversation(id: string): Promise<void> {
    return this.conversations.leaveConversation(id);
  }

  openDm(username: string): Promise<Conversation> {
    return this.conversations.openDm(username);
  }

  getRoomInfo(name: string): Promise<RoomInfo> {
    return this.conversations.getRoomInfo(name);
  }

  /**
   * Marks a conversation read up to `seq` (default: its newest message). Over the socket when
   * online, else REST; the other devices of this account follow, and a DM peer gets a receipt.
   */
  markRead(conversationId: string, seq?: number): Promise<void> {
    return this.conversations.markRead(conversationId, seq);
  }

  /* ---------------- messages ---------------- */

  /** A page of history: the latest without `before`, older ones with it. Merged into the store. */
  getMessages(conversationId: string, opts: { limit?: number; before?: number } = {}): Promise<{ messages: Message[]; hasMore: boolean }> {
    return this.messages.getMessages(conversationId, opts);
  }

  /** Latest messages of `general`, or of the room named `room`. */
  getLatestMessages(opts: { room?: string; limit?: number } = {}): Promise<Message[]> {
    return this.messages.getLatestMessages(opts);
  }

  /**
   * Sends over the socket (queued while reconnecting, resent with the same clientMsgId until acked),
   * or over REST when connect() was never called. Resolves with the stored message. Options:
   * `replyTo` (a message id of this conversation), `mentions` (member ids; see extractMentions) and
   * `mentionsRoom` (@room: owner and moderators), `attachments`, `clientMsgId`.
   */
  sendMessage(conversationId: string, body: string, opts: SendOptions = {}): Promise<Message> {
    return this.messages.sendMessage(conversationId, body, opts);
  }

  /** Forwards a message of a conversation I belong to into another one; the new message names where it came from. */
  forwardMessage(toConversationId: string, messageId: string, opts: { clientMsgId?: string } = {}): Promise<Message> {
    return this.messages.forwardMessage(toConversationId, messageId, opts);
  }

  /** Messages on both sides of `seq` (it included), to jump to a quoted message; not merged into the store's run. */
  getMessagesAround(conversationId: string, seq: number, limit?: number): Promise<{ messages: Message[]; hasMore: boolean; hasMoreAfter: boolean }> {
    return this.messages.getMessagesAround(conversationId, seq, limit);
  }

  /** Changes the text (or caption) of a message I sent; everyone sees it live with an edited mark. */
  editMessage(conversationId: string, messageId: string, body: string): Promise<Message> {
    return this.changes.editMessage(conversationId, messageId, body);
  }

  /** Earlier versions of a message: its sender and administrators. */
  messageEdits(conversationId: string, messageId: string): Promise<MessageEdit[]> {
    return this.changes.messageEdits(conversationId, messageId);
  }

  /** Adds my reaction (any single emoji); resolves with the message's reactions. */
  react(conversationId: string, messageId: string, emoji: string): Promise<Reaction[]> {
    return this.changes.react(conversationId, messageId, emoji);
  }

  unreact(conversationId: string, messageId: string, emoji: string): Promise<Reaction[]> {
    return this.changes.unreact(conversationId, messageId, emoji);
  }

  /** Adds my reaction, or removes it when I already made it (as the store shows). */
  toggleReaction(conversationId: string, messageId: string, emoji: string): Promise<Reaction[]> {
    return this.changes.toggleReaction(conversationId, messageId, emoji);
  }

  /** Who reacted with what, with names (for the list shown on hover or long-press). */
  listReactions(conversationId: string, messageId: string): Promise<{ emoji: string; users: UserRef[] }[]> {
    return this.changes.listReactions(conversationId, messageId);
  }

  /** Rooms: owner and moderators; DMs: either person. */
  pin(conversationId: string, messageId: string): Promise<Message> {
    return this.changes.pin(conversationId, messageId);
  }

  unpin(conversationId: string, messageId: string): Promise<Message> {
    return this.changes.unpin(conversationId, messageId);
  }

  /** Pinned messages, most recently pinned first. */
  listPins(conversationId: string): Promise<Message[]> {
    return this.changes.listPins(conversationId);
  }

  /** The room's owner names a moderator, or makes them a member again. */
  setMemberRole(conversationId: string, userId: string, role: 'moderator' | 'member'): Promise<void> {
    return this.conversations.setMemberRole(conversationId, userId, role);
  }

  /** The change cursor of a conversation: the last change (edit, reaction…) applied in order. */
  changeCursor(conversationId: string): number | undefined {
    return this.changes.cursor(conversationId);
  }

  /** Sends a failed pending message again, with its original clientMsgId. */
  retryPending(conversationId: string, clientMsgId: string): Promise<Message> {
    return this.messages.retryPending(conversationId, clientMsgId);
  }

  /** Drops a failed pending message from the store. */
  discardPending(conversationId: string, clientMsgId: string): void {
    this.messages.discardPending(conversationId, clientMsgId);
  }

  /** Deletes a message I sent, with its files; everyone in the conversation sees it go. */
  deleteMessage(conversationId: string, messageId: string): Promise<void> {
    return this.messages.deleteMessage(conversationId, messageId);
  }

  /* ---------------- files ---------------- */

  /**
   * Uploads one file to a conversation (the raw bytes, streamed by the browser), reporting progress;
   * send the returned attachment with sendMessage. Abort `signal` to cancel.
   */
  uploadFile(conversationId: string, body: UploadBody, opts: UploadOptions = {}): Promise<Attachment> {
    return this.files.uploadFile(conversationId, body, opts);
  }

  /** Takes back an upload no message carries yet (removed from the composer before sending). */
  deleteUpload(fileId: string): Promise<void> {
    return this.files.deleteUpload(fileId);
  }

  /** Files shared in a conversation, newest message first; pass the last `seq` as `before` for older ones. */
  listSharedFiles(conversationId: string, opts: { limit?: number; before?: number } = {}): Promise<{ files: SharedFile[]; hasMore: boolean }> {
    return this.files.listSharedFiles(conversationId, opts);
  }

  /** Bytes my uploads take against my quota, and the largest file the server accepts. */
  storage(): Promise<{ usedBytes: number; quotaBytes: number; maxUploadBytes: number }> {
    return this.files.storage();
  }

  /** Absolute URL of a file path the server gave (attachment.url, attachment.thumbnailUrl). */
  fileUrl(path: string): string {
    return this.files.fileUrl(path);
  }

  /* ---------------- people ---------------- */

  getOnlineUsers(): Promise<UserRef[]> {
    return this.people.getOnlineUsers();
  }

  /** Call on every keystroke: tells the others at most once per throttle period. */
  sendTyping(conversationId: string): void {
    this.people.sendTyping(conversationId);
  }

  /** Messages of my conversations matching `query` (words, and filters such as `from:ana`), newest first. */
  searchMessages(query: string, options?: SearchOptions): Promise<SearchMessagesResponse> {
    return this.search.searchMessages(query, options);
  }

  /* ---------------- realtime ---------------- */

  /** Opens the socket and resolves once caught up (first welcome). Keeps reconnecting until that happens. */
  connect(): Promise<void> {
    return this.sync.connect();
  }

  /** Closes the socket for good; unacknowledged sends fail. */
  disconnect(): void {
    this.sync.disconnect();
  }
}
