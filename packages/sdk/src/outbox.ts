import type { Message } from '@natter/protocol';
import type { NatterError } from './errors';

/** What a send may carry besides text and files (see the protocol's MessageExtras). */
export interface SendExtras {
  replyTo?: string;
  mentions?: string[];
  mentionsRoom?: boolean;
  forwardOf?: string;
}

export interface OutboxEntry {
  conversationId: string;
  clientMsgId: string;
  body: string;
  /** Ids of uploaded files the message carries. */
  attachments: string[];
  /** Reply, mentions or forward, sent with every attempt. */
  extras: SendExtras;
  /** Request id of the send frame on the current socket; null while not yet (re)sent. */
  reqId: string | null;
  retryTimer: ReturnType<typeof setTimeout> | null;
  attempts: number;
  promise: Promise<Message>;
  resolve(m: Message): void;
  reject(e: NatterError): void;
}

/** Sends not yet acknowledged, in the order they were made; resent with the same clientMsgId after a reconnect. */
export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly byReqId = new Map<string, OutboxEntry>();

  get size(): number {
    return this.entries.size;
  }

  get(clientMsgId: string): OutboxEntry | undefined {
    return this.entries.get(clientMsgId);
  }

  forRequest(reqId: string): OutboxEntry | undefined {
    return this.byReqId.get(reqId);
  }

  add(conversationId: string, clientMsgId: string, body: string, attachments: string[] = [], extras: SendExtras = {}): OutboxEntry {
    let resolve!: (m: Message) => void;
    let reject!: (e: NatterError) => void;
    const promise = new Promise<Message>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const entry: OutboxEntry = { conversationId, clientMsgId, body, attachments, extras, reqId: null, retryTimer: null, attempts: 0, promise, resolve, reject };
    this.entries.set(clientMsgId, entry);
    return entry;
  }

  markSent(entry: OutboxEntry, reqId: string): void {
    entry.reqId = reqId;
    this.byReqId.set(reqId, entry);
  }

  /** The socket went away: every send in flight has to go out again on the next one. */
  forgetRequests(): void {
    for (const e of this.entries.values()) {
      e.reqId = null;
      if (e.retryTimer) clearTimeout(e.retryTimer);
      e.retryTimer = null;
    }
    this.byReqId.clear();
  }

  unsent(): OutboxEntry[] {
    return [...this.entries.values()].filter((e) => e.reqId === null && e.retryTimer === null);
  }

  unlinkRequest(entry: OutboxEntry): void {
    if (entry.reqId !== null) this.byReqId.delete(entry.reqId);
    entry.reqId = null;
  }

  complete(entry: OutboxEntry, m: Message): void {
    if (!this.remove(entry)) return;
    entry.resolve(m);
  }

  fail(entry: OutboxEntry, e: NatterError): void {
    if (!this.remove(entry)) return;
    entry.reject(e);
  }

  all(): OutboxEntry[] {
    return [...this.entries.values()];
  }

  private remove(entry: OutboxEntry): boolean {
    if (this.entries.get(entry.clientMsgId) !== entry) return false;
    this.entries.delete(entry.clientMsgId);
    this.unlinkRequest(entry);
    if (entry.retryTimer) clearTimeout(entry.retryTimer);
    entry.retryTimer = null;
    return true;
  }
}
