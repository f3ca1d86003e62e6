import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, SOCKET_MAX_FRAME_BYTES, SOCKET_PATH } from '@natter/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import type { AppContext, Auth } from '../context';
import { tokenFrom } from '../http/auth';
import { AppError } from '../http/errors';
import { presentMe } from '../modules/accounts/presenters';
import { authenticateToken } from '../modules/accounts/sessions';
import { refuseUnverifiedSocket } from '../modules/email/gate';
import { isPenalized, refuseOrigin, refuseSocket } from '../security/socket-guard';
import { afterWentAway } from '../modules/missed-mail/check';
import { announcePresence, recordLastSeen } from '../modules/presence/commands';
import { Connection } from './connection';
import type { Gateway } from './gateway';

/** A quick reload must not flash "offline" to everyone. */
const OFFLINE_GRACE_MS = 2_000;

export interface SocketServer {
  /**
   * Refuse new sockets, tell every client to reconnect elsewhere, give frames being handled up to
   * `waitMs` to answer (a send whose commit is under way still gets its ack), then close the sockets.
   */
  shutdown(waitMs: number): Promise<void>;
}

export function attachSocketServer(server: Server, ctx: AppContext, gateway: Gateway): SocketServer {
  // Frames over the protocol's limit get an error frame and the socket stays; only absurd ones close it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * SOCKET_MAX_FRAME_BYTES, perMessageDeflate: false });
  const path = ctx.config.basePath + SOCKET_PATH;
  let closing = false;
  // Which node took the socket: behind a balancer, the one place a client or an operator can see it.
  wss.on('headers', (headers) => headers.push(`X-Natter-Node: ${ctx.config.nodeId}`));

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = req.url?.split('?')[0];
    if (url !== path) return reject(socket, 404, 'Not Found');
    if (closing) return reject(socket, 503, 'Service Unavailable');
    void (async () => {
      const token = tokenFrom(req.headers);
      // Checked before the session lookup: a page of another origin learns nothing, not even if the cookie is valid.
      const badOrigin = refuseOrigin(ctx, req);
      if (badOrigin) return reject(socket, 403, badOrigin);
      const auth = token ? await authenticateToken(ctx, token).catch(() => null) : null;
      if (!auth) return reject(socket, 401, 'Unauthorized');
      if (isPenalized(ctx, auth.userId)) return reject(socket, 429, 'Too Many Requests');
      const refusal = refuseSocket(ctx, req, gateway.socketsOf(auth.userId));
      if (refusal) return wss.handleUpgrade(req, socket, head, (ws) => refusal(ws));
      wss.handleUpgrade(req, socket, head, (ws) => void open(ws, auth));
    })();
  });

  /** Users whose last socket here closed and whose going offline is not announced yet (the grace period). */
  const goingOffline = new Map<string, NodeJS.Timeout>();

  async function open(ws: WebSocket, auth: Auth) {
    if (refuseUnverifiedSocket(ctx, auth, ws)) return;
    const conn = new Connection(ws, auth, ctx);
    gateway.attach(conn);
    const cameOnline = ctx.presence.connected(auth.userId);
    // Back within the grace period: nobody was told this user left, so nobody is told they are back.
    const pending = goingOffline.get(auth.userId);
    const announceOnline = cameOnline && pending === undefined;
    if (pending) {
      clearTimeout(pending);
      goingOffline.delete(auth.userId);
    }
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) return conn.refuse(new AppError('bad_request', 'frames must be JSON text'));
      if (data.length > SOCKET_MAX_FRAME_BYTES) return conn.refuse(new AppError('payload_too_large', `frames are limited to ${SOCKET_MAX_FRAME_BYTES} bytes`));
      void conn.onFrame(data.toString());
    });
    // A protocol error (invalid UTF-8, oversized frame) already sent its close frame: let the client read it.
    ws.on('error', () => {
      if (ws.readyState === ws.OPEN) ws.terminate();
    });
    ws.on('close', () => {
      gateway.detach(conn);
      const at = ctx.now();
      if (ctx.presence.disconnected(auth.userId, at)) {
        void recordLastSeen(ctx, auth.userId, at).catch(() => {});
        afterWentAway(ctx, auth.userId);
        clearTimeout(goingOffline.get(auth.userId));
        const timer = setTimeout(() => {
          goingOffline.delete(auth.userId);
          if (!ctx.presence.isOnline(auth.userId)) void announcePresence(ctx, auth.userId, false).catch(() => {});
        }, OFFLINE_GRACE_MS);
        timer.unref();
        goingOffline.set(auth.userId, timer);
      }
    });
    try {
      const rows = await ctx.db.selectFrom('members').select('conversation_id').where('user_id', '=', auth.userId).execute();
      gateway.follow(conn, rows.map((r) => r.conversation_id));
      const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', auth.userId).executeTakeFirstOrThrow();
      conn.send({ type: 'ready', user: presentMe(user) });
      if (announceOnline && ctx.presence.isOnline(auth.userId)) await announcePresence(ctx, auth.userId, true);
    } catch (err) {
      ctx.log.warn({ err }, 'socket setup failed');
      ws.close(1011, 'try again');
    }
  }

  const heartbeat = setInterval(() => {
    for (const conn of gateway.all()) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }, ctx.config.heartbeatMs);
  heartbeat.unref();

  return {
    async shutdown(waitMs) {
      closing = true;
      clearInterval(heartbeat);
      const conns = gateway.all();
      for (const conn of conns) {
        conn.drain();
        conn.send({ type: 'goodbye', reason: 'shutdown' });
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
      await Promise.race([Promise.all(conns.map((c) => c.settled())), timeout]);
      clearTimeout(timer);
      for (const conn of gateway.all()) conn.ws.close(CloseCode.shutdown, 'server shutting down');
      wss.close();
    },
  };
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
