import type { ServerFrame } from '@natter/protocol';

/**
 * What a committed change announces. The gateway turns it into socket frames:
 * `join` users are subscribed to the conversation before the frame goes out, `leave` users after.
 */
export type BusEvent =
  | { to: 'conversation'; conversationId: string; frame?: ServerFrame; join?: string[]; leave?: string[] }
  | { to: 'users'; userIds: string[]; frame: ServerFrame }
  /** Everyone in any of these conversations, each socket once (presence). */
  | { to: 'conversations'; conversationIds: string[]; frame: ServerFrame }
  /** Sessions that ended (logout, password change, deletion, ban): their sockets are closed. */
  | { to: 'end_sessions'; sessionIds: string[]; reason: 'logged_out' | 'session_expired' | 'banned' };

export interface Bus {
  publish(event: BusEvent): void;
  subscribe(handler: (event: BusEvent) => void): () => void;
  close(): Promise<void>;
}

/** The single-node bus: delivery is a synchronous call, so publish order is delivery order. */
export class InProcessBus implements Bus {
  private handlers = new Set<(event: BusEvent) => void>();

  publish(event: BusEvent): void {
    for (const handler of this.handlers) handler(event);
  }

  subscribe(handler: (event: BusEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
