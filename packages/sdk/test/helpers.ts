import { WebSocket } from 'ws';
import type { ClientOptions } from 'ws';
import { startTestServer, type TestServer } from '../../server/src/testing';
import { NatterClient, type NatterClientOptions } from '../src/index';

export { startTestServer, type TestServer };

/**
 * The real `ws` client, with handles a test needs: the sockets a client opened (to kill one), and a
 * switch that points new connections at a closed port so a client stays offline for a while.
 */
export function socketControl() {
  const ctl = {
    sockets: [] as WebSocket[],
    offline: false,
    /** Frames for which this returns true vanish before the client sees them, as if lost upstream. */
    dropIncoming: null as ((text: string) => boolean) | null,
    get current(): WebSocket | undefined {
      return ctl.sockets.at(-1);
    },
    /** Cut the TCP connection without a close handshake, like a dropped network. */
    kill(): void {
      ctl.current?.terminate();
    },
  };
  class ControlledWebSocket extends WebSocket {
    constructor(url: string, opts?: ClientOptions) {
      super(ctl.offline ? 'ws://127.0.0.1:9/api/socket' : url, opts);
      ctl.sockets.push(this);
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'message' && ctl.dropIncoming?.(String(args[0]))) return false;
      return super.emit(event, ...args);
    }
  }
  return { ctl, WebSocket: ControlledWebSocket };
}

export type SocketControl = ReturnType<typeof socketControl>['ctl'];

let userCounter = 0;
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36).slice(-4)}${++userCounter}`;
}

export async function newUser(
  url: string,
  prefix: string,
  extra: Partial<NatterClientOptions> = {},
): Promise<{ client: NatterClient; ctl: SocketControl; username: string }> {
  const { ctl, WebSocket: Ws } = socketControl();
  const client = new NatterClient({ baseUrl: url, WebSocket: Ws, reconnect: { minDelayMs: 50, maxDelayMs: 300 }, ...extra });
  const username = uniqueName(prefix);
  await client.register(username, 'correct horse battery');
  await allowDirectMessagesFromAnyone(client);
  return { client, ctl, username };
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Accounts default to "only friends may write to me directly"; tests open DMs between strangers. */
export async function allowDirectMessagesFromAnyone(client: NatterClient): Promise<void> {
  await client.request('updateSettings', { body: { onlyFriendsMayDm: false } });
}
