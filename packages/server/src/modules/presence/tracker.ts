/** Which users have a socket open on this node. Several tabs or devices count once. */
export interface PresenceTracker {
  /** Returns true when this socket made the user come online. */
  connected(userId: string): boolean;
  /** Returns true when the user has no socket left. */
  disconnected(userId: string, at: number): boolean;
  isOnline(userId: string): boolean;
  onlineIds(): string[];
  lastSeen(userId: string): number | null;
}

export class MemoryPresence implements PresenceTracker {
  private sockets = new Map<string, number>();
  private seen = new Map<string, number>();

  connected(userId: string): boolean {
    const n = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, n);
    return n === 1;
  }

  disconnected(userId: string, at: number): boolean {
    const n = (this.sockets.get(userId) ?? 1) - 1;
    if (n > 0) {
      this.sockets.set(userId, n);
      return false;
    }
    this.sockets.delete(userId);
    this.seen.set(userId, at);
    return true;
  }

  isOnline(userId: string): boolean {
    return this.sockets.has(userId);
  }

  onlineIds(): string[] {
    return [...this.sockets.keys()];
  }

  lastSeen(userId: string): number | null {
    return this.seen.get(userId) ?? null;
  }
}
