import type { AppContext } from '../context';
import type { Gateway } from '../realtime/gateway';

const BATCH = 500;

/**
 * Sockets outlive the request that opened them. Now and then the sessions behind this node's
 * sockets are looked up: those in use count as active (so a user who only chats is never idle),
 * and sockets whose session ended (absolute lifetime, or a missed logout) are told and closed.
 */
export function watchSocketSessions(ctx: AppContext, gateway: Gateway): { stop(): void; now(): void } {
  const everyMs = Math.max(1000, Math.min(60_000, ctx.config.security.sessionIdleMs / 4));
  let running = false;
  const check = () => {
    if (running) return;
    running = true;
    void sweep()
      .catch((err: unknown) => ctx.log.warn({ err }, 'could not check the sessions of open sockets'))
      .finally(() => (running = false));
  };
  const timer = setInterval(check, everyMs);
  timer.unref();

  async function sweep(): Promise<void> {
    const conns = gateway.all();
    if (conns.length === 0) return;
    const ids = [...new Set(conns.map((c) => c.auth.sessionId))];
    const now = ctx.now();
    const live = new Set<string>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const rows = await ctx.db.selectFrom('sessions').select(['id', 'expires_at']).where('id', 'in', batch).execute();
      const alive = rows.filter((r) => r.expires_at > now).map((r) => r.id);
      for (const id of alive) live.add(id);
      if (alive.length > 0) await ctx.db.updateTable('sessions').set({ last_seen_at: now }).where('id', 'in', alive).execute();
      const expired = rows.filter((r) => r.expires_at <= now).map((r) => r.id);
      if (expired.length > 0) await ctx.db.deleteFrom('sessions').where('id', 'in', expired).execute();
    }
    for (const conn of conns) if (!live.has(conn.auth.sessionId)) conn.end('session_expired');
  }

  // now(): after an outage of the event bus, when a logout's "close these sockets" may have been lost.
  return { stop: () => clearInterval(timer), now: check };
}
