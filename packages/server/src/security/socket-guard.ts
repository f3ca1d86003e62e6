import type { IncomingMessage } from 'node:http';
import { CloseCode } from '@natter/protocol';
import type { WebSocket } from 'ws';
import type { AppContext } from '../context';
import { originAllowed, ownOriginOfRaw } from './origins';

/**
 * Browsers send Origin on every WebSocket handshake and attach cookies whatever page opens the
 * socket, so the Origin is what stops another site from chatting as the user. Only a program with
 * a bearer token may leave it out (no credentials at all is a plain 401).
 */
export function refuseOrigin(ctx: AppContext, req: IncomingMessage): string | null {
  const origin = req.headers.origin;
  if (origin === undefined) {
    const cookieOnly = !req.headers.authorization?.startsWith('Bearer ') && !!req.headers.cookie;
    return cookieOnly ? 'Forbidden (no Origin)' : null;
  }
  return originAllowed(ctx.config, origin, ownOriginOfRaw(ctx.config, req)) ? null : 'Forbidden (Origin not allowed)';
}

/** Over the per-user cap: the socket opens only to say why and close with a code clients do not retry. */
export function refuseSocket(ctx: AppContext, _req: IncomingMessage, openSockets: number): ((ws: WebSocket) => void) | null {
  const max = ctx.config.security.maxSocketsPerUser;
  if (openSockets < max) return null;
  return (ws) => {
    ws.send(JSON.stringify({ type: 'error', id: null, code: 'too_many_sockets', message: `at most ${max} connections per user; close another tab or device` }));
    ws.close(CloseCode.tooManySockets, 'too_many_sockets');
  };
}

const penalties = new WeakMap<AppContext, Map<string, number>>();

/**
 * The frame limit is per connection, so a flooder would reconnect for a fresh allowance; after a
 * close for abuse the user's next handshakes on this node are refused (429) for a while instead.
 */
export function penalizeFlooder(ctx: AppContext, userId: string): void {
  let map = penalties.get(ctx);
  if (!map) penalties.set(ctx, (map = new Map()));
  const now = Date.now();
  for (const [id, until] of map) if (until <= now) map.delete(id);
  map.set(userId, now + ctx.config.security.socket.floodPenaltyMs);
}

export function isPenalized(ctx: AppContext, userId: string): boolean {
  return (penalties.get(ctx)?.get(userId) ?? 0) > Date.now();
}
