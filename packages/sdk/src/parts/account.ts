import type { AuthOptions, EmailNotifications, Language, Me, SessionInfo } from '@natter/protocol';
import type { ContactsStore } from '../contacts';
import { NatterError } from '../errors';
import type { ClientCore } from './core';
import type { SessionSync } from './sync';

/**
 * The account: sign-up, login and logout, who I am, email verification and change, password reset
 * and change, sessions, deleting the account; and forgetting everything held when it ends.
 */
export class AccountPart {
  constructor(
    private readonly core: ClientCore,
    private readonly sync: SessionSync,
    private readonly contacts: ContactsStore,
  ) {}

  async register(username: string, password: string, opts: { email?: string; language?: Language } = {}): Promise<Me> {
    const r = await this.core.request('register', { body: { username, password, ...opts } });
    return this.loggedIn(r.user, r.token);
  }

  async login(username: string, password: string): Promise<Me> {
    const r = await this.core.request('login', { body: { username, password } });
    return this.loggedIn(r.user, r.token);
  }

  async logout(): Promise<void> {
    this.sync.disconnect();
    try {
      await this.core.request('logout');
    } catch (e) {
      if (!(e instanceof NatterError && e.code === 'unauthenticated')) throw e;
    } finally {
      this.forget();
    }
  }

  async deleteAccount(password: string): Promise<void> {
    await this.core.request('deleteAccount', { body: { password } });
    this.sync.disconnect();
    this.forget();
  }

  authOptions(): Promise<AuthOptions> {
    return this.core.request('authOptions');
  }

  async verifyEmail(token: string): Promise<string> {
    const { email } = await this.core.request('verifyEmail', { body: { token } });
    if (this.core.user) await this.me().catch(() => null);
    return email;
  }

  async resendVerification(): Promise<void> {
    await this.core.request('resendVerification');
  }

  async emailNotifications(): Promise<EmailNotifications> {
    return (await this.core.request('getEmailNotifications')).notifications;
  }

  async setEmailNotifications(missedMessages: boolean): Promise<EmailNotifications> {
    return (await this.core.request('updateEmailNotifications', { body: { missedMessages } })).notifications;
  }

  async changeEmail(email: string, password: string): Promise<Me> {
    const { user } = await this.core.request('changeEmail', { body: { email, password } });
    this.core.user = user;
    return user;
  }

  async requestPasswordReset(login: string): Promise<void> {
    await this.core.request('requestPasswordReset', { body: { login } });
  }

  async resetPassword(token: string, password: string): Promise<Me> {
    const r = await this.core.request('resetPassword', { body: { token, password } });
    return this.loggedIn(r.user, r.token);
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await this.core.request('changePassword', { body: { currentPassword, newPassword } });
  }

  async listSessions(): Promise<SessionInfo[]> {
    return (await this.core.request('listSessions')).sessions;
  }

  async endSession(id: string): Promise<void> {
    await this.core.request('endSession', { params: { id } });
  }

  /** The session probe answers 200 with null when nobody is logged in: no failed request in the console. */
  async me(): Promise<Me | null> {
    const { user } = await this.core.request('session');
    this.core.user = user;
    return user;
  }

  private loggedIn(user: Me, token: string): Me {
    const { core } = this;
    if (core.user && core.user.id !== user.id) {
      this.sync.accountChanged();
      core.store.reset();
    }
    core.user = user;
    core.token = token;
    return user;
  }

  private forget(): void {
    const { core } = this;
    core.token = null;
    core.user = null;
    this.sync.forget();
    core.store.reset();
    this.contacts.reset();
    core.typing.reset();
  }
}
