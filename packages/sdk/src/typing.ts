import { TYPING_EXPIRES_MS, TYPING_THROTTLE_MS, type UserRef } from '@natter/protocol';

/** Who is typing where, each entry expiring TYPING_EXPIRES_MS after its last signal or at their next message. */
export class TypingTracker {
  private readonly typers = new Map<string, Map<string, { user: UserRef; timer: ReturnType<typeof setTimeout> }>>();
  private readonly sentAt = new Map<string, number>();
  private snapshot: Record<string, UserRef[]> = {};
  private readonly listeners = new Set<() => void>();

  constructor(private readonly expiresMs = TYPING_EXPIRES_MS) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Conversation id → people typing there, in the order they started. */
  getSnapshot = (): Record<string, UserRef[]> => this.snapshot;

  heard(conversationId: string, user: UserRef): void {
    let here = this.typers.get(conversationId);
    if (!here) this.typers.set(conversationId, (here = new Map()));
    const prev = here.get(user.id);
    if (prev) clearTimeout(prev.timer);
    const timer = setTimeout(() => this.stopped(conversationId, user.id), this.expiresMs);
    (timer as { unref?: () => void }).unref?.();
    here.set(user.id, { user, timer });
    if (!prev) this.publish();
  }

  stopped(conversationId: string, userId: string): void {
    const here = this.typers.get(conversationId);
    const entry = here?.get(userId);
    if (!here || !entry) return;
    clearTimeout(entry.timer);
    here.delete(userId);
    if (here.size === 0) this.typers.delete(conversationId);
    this.publish();
  }

  /** Whether a keystroke now should tell the server (at most once per throttle period per conversation). */
  shouldSend(conversationId: string, now = Date.now()): boolean {
    const last = this.sentAt.get(conversationId);
    if (last !== undefined && now - last < TYPING_THROTTLE_MS) return false;
    this.sentAt.set(conversationId, now);
    return true;
  }

  /** After sending a message the next keystroke announces typing again at once. */
  sent(conversationId: string): void {
    this.sentAt.delete(conversationId);
  }

  reset(): void {
    for (const here of this.typers.values()) for (const e of here.values()) clearTimeout(e.timer);
    this.typers.clear();
    this.sentAt.clear();
    this.publish();
  }

  private publish(): void {
    const next: Record<string, UserRef[]> = {};
    for (const [id, here] of this.typers) next[id] = [...here.values()].map((e) => e.user);
    this.snapshot = next;
    for (const l of [...this.listeners]) l();
  }
}

/** "A is typing", "A and B are typing", "A, B and 3 others are typing": the names shown and how many more. */
export function summarizeTypers(users: readonly UserRef[], shown = 2): { names: string[]; others: number } {
  if (users.length <= shown + 1) return { names: users.map((u) => u.username), others: 0 };
  return { names: users.slice(0, shown).map((u) => u.username), others: users.length - shown };
}
