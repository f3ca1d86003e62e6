import type { Contact, FriendRequest, Presence, ServerFrame, Settings, UserRef } from '@natter/protocol';

export interface ContactsSnapshot {
  /** Friends, by name. */
  friends: Contact[];
  /** Requests to me, newest first. */
  incoming: FriendRequest[];
  /** Requests I sent, newest first. */
  outgoing: FriendRequest[];
  blocked: UserRef[];
  settings: Settings | null;
  /** True once friends and requests were loaded (client.social.load()). */
  loaded: boolean;
}

const EMPTY: ContactsSnapshot = Object.freeze({ friends: [], incoming: [], outgoing: [], blocked: [], settings: null, loaded: false }) as ContactsSnapshot;

/** The frame types `ContactsStore.apply` acts on besides presence; the client routes these here. */
export const CONTACT_FRAME_TYPES = ['friend_request', 'friend_request_closed', 'friend_added', 'friend_removed'] as const;

const byName = (a: Contact, b: Contact) => a.user.username.localeCompare(b.user.username);
const newestFirst = (a: FriendRequest, b: FriendRequest) => b.createdAt - a.createdAt;

/** Friends, requests, blocks and privacy settings, kept live by the socket's events. */
export class ContactsStore {
  private snapshot: ContactsSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): ContactsSnapshot => this.snapshot;

  replace(part: Partial<ContactsSnapshot>): void {
    const next = { ...this.snapshot, ...part };
    next.friends = [...next.friends].sort(byName);
    next.incoming = [...next.incoming].sort(newestFirst);
    next.outgoing = [...next.outgoing].sort(newestFirst);
    this.set(next);
  }

  reset(): void {
    this.set(EMPTY);
  }

  /** A server event; returns true when it changed something here. */
  apply(f: ServerFrame, selfId: string | null): boolean {
    const s = this.snapshot;
    switch (f.type) {
      case 'friend_request': {
        const mine = f.request.from.id === selfId;
        const list = (mine ? s.outgoing : s.incoming).filter((r) => r.id !== f.request.id);
        this.replace(mine ? { outgoing: [...list, f.request] } : { incoming: [...list, f.request] });
        return true;
      }
      case 'friend_request_closed':
        this.replace({ incoming: s.incoming.filter((r) => r.id !== f.requestId), outgoing: s.outgoing.filter((r) => r.id !== f.requestId) });
        return true;
      case 'friend_added':
        this.replace({ friends: [...s.friends.filter((c) => c.user.id !== f.friend.user.id), f.friend] });
        return true;
      case 'friend_removed':
        this.replace({ friends: s.friends.filter((c) => c.user.id !== f.userId) });
        return true;
      case 'presence':
        return this.setPresence(f.presence);
      default:
        return false;
    }
  }

  private setPresence(p: Presence): boolean {
    if (!this.snapshot.friends.some((c) => c.user.id === p.userId)) return false;
    const friends = this.snapshot.friends.map((c) =>
      c.user.id === p.userId ? { ...c, online: p.online, lastSeenAt: p.online ? null : (p.lastSeenAt ?? c.lastSeenAt) } : c,
    );
    this.set({ ...this.snapshot, friends });
    return true;
  }

  private set(next: ContactsSnapshot): void {
    this.snapshot = next;
    for (const l of [...this.listeners]) l();
  }
}
