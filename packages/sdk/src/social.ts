import type { Contact, Conversation, FriendRequest, RouteName, RouteResponse, Settings, UserRef, UserSummary } from '@natter/protocol';
import { ContactsStore } from './contacts';
import type { RequestInput } from './rest';

interface Host {
  request<N extends RouteName>(name: N, input?: RequestInput<N>): Promise<RouteResponse<N>>;
  /** Puts a conversation into the chat store (accepting a request opens the direct conversation). */
  adoptConversation(c: Conversation): void;
}

/** Friends, requests, blocks and privacy settings: REST calls that keep `contacts` up to date. */
export class SocialClient {
  readonly contacts = new ContactsStore();

  constructor(private readonly host: Host) {}

  /** Loads friends, requests, blocks and settings into `contacts`. */
  async load(): Promise<void> {
    const [{ friends }, { incoming, outgoing }, { users }, { settings }] = await Promise.all([
      this.host.request('listFriends'),
      this.host.request('listFriendRequests'),
      this.host.request('listBlocks'),
      this.host.request('getSettings'),
    ]);
    this.contacts.replace({ friends, incoming, outgoing, blocked: users, settings, loaded: true });
  }

  async searchUsers(q: string): Promise<UserSummary[]> {
    return (await this.host.request('searchUsers', { query: { q } })).users;
  }

  /** Pending, or friends at once when they had already asked you. */
  async sendFriendRequest(username: string, message = ''): Promise<{ request: FriendRequest } | { friend: Contact; conversation: Conversation }> {
    const r = await this.host.request('sendFriendRequest', { body: { username, message } });
    if (r.state === 'pending') {
      const outgoing = this.contacts.getSnapshot().outgoing.filter((x) => x.id !== r.request.id);
      this.contacts.replace({ outgoing: [...outgoing, r.request] });
      return { request: r.request };
    }
    this.befriended(r.friend, r.conversation);
    return { friend: r.friend, conversation: r.conversation };
  }

  async acceptFriendRequest(id: string): Promise<{ friend: Contact; conversation: Conversation }> {
    const r = await this.host.request('acceptFriendRequest', { params: { id } });
    this.dropRequest(id);
    this.befriended(r.friend, r.conversation);
    return r;
  }

  async declineFriendRequest(id: string): Promise<void> {
    await this.host.request('declineFriendRequest', { params: { id } });
    this.dropRequest(id);
  }

  async cancelFriendRequest(id: string): Promise<void> {
    await this.host.request('cancelFriendRequest', { params: { id } });
    this.dropRequest(id);
  }

  async removeFriend(userId: string): Promise<void> {
    await this.host.request('removeFriend', { params: { userId } });
    this.contacts.replace({ friends: this.contacts.getSnapshot().friends.filter((c) => c.user.id !== userId) });
  }

  async block(user: UserRef): Promise<void> {
    await this.host.request('blockUser', { params: { userId: user.id } });
    const s = this.contacts.getSnapshot();
    this.contacts.replace({
      blocked: [user, ...s.blocked.filter((u) => u.id !== user.id)],
      friends: s.friends.filter((c) => c.user.id !== user.id),
      incoming: s.incoming.filter((r) => r.from.id !== user.id),
      outgoing: s.outgoing.filter((r) => r.to.id !== user.id),
    });
  }

  async unblock(userId: string): Promise<void> {
    await this.host.request('unblockUser', { params: { userId } });
    this.contacts.replace({ blocked: this.contacts.getSnapshot().blocked.filter((u) => u.id !== userId) });
  }

  async updateSettings(changes: Partial<Settings>): Promise<Settings> {
    const { settings } = await this.host.request('updateSettings', { body: changes });
    this.contacts.replace({ settings });
    return settings;
  }

  private befriended(friend: Contact, conversation: Conversation): void {
    this.contacts.replace({ friends: [...this.contacts.getSnapshot().friends.filter((c) => c.user.id !== friend.user.id), friend] });
    this.host.adoptConversation(conversation);
  }

  private dropRequest(id: string): void {
    const s = this.contacts.getSnapshot();
    this.contacts.replace({ incoming: s.incoming.filter((r) => r.id !== id), outgoing: s.outgoing.filter((r) => r.id !== id) });
  }
}
