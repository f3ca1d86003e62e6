import type { Me, RouteName, RouteResponse } from '@natter/protocol';
import type { ClientEvents, ConnectionStatus, NatterClientOptions } from '../client';
import { Emitter } from '../emitter';
import { randomHex } from '../ids';
import { type RequestInput, callRoute } from '../rest';
import { ChatStore } from '../store';
import { TypingTracker } from '../typing';
import { FrameDispatch } from './frames';

/**
 * What every part of the client shares: the options, the REST call, who is logged in (user and
 * token), the stores, the public events, the connection status and the frame dispatch. It holds no
 * domain rules; the parts (account, conversations, messages, files, people, sync) do.
 */
export class ClientCore {
  readonly store = new ChatStore();
  readonly typing = new TypingTracker();
  readonly events = new Emitter<ClientEvents>();
  readonly frames = new FrameDispatch();
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  user: Me | null = null;
  token: string | null;
  private _status: ConnectionStatus = 'idle';
  private reqCounter = 0;
  private readonly reqPrefix = randomHex(4);

  constructor(readonly opts: NatterClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token ?? null;
    const f = opts.fetch ?? globalThis.fetch;
    this.fetch = (input, init) => f(input, init);
    this.store.selfId = () => this.user?.id ?? null;
  }

  get status(): ConnectionStatus {
    return this._status;
  }

  request<N extends RouteName>(name: N, input: RequestInput<N> = {}): Promise<RouteResponse<N>> {
    return callRoute({ baseUrl: this.baseUrl, fetch: this.fetch, token: this.token }, name, input);
  }

  setStatus(s: ConnectionStatus): void {
    if (this._status === s) return;
    this._status = s;
    this.events.emit('status', s);
  }

  /** A request id for a socket frame, unique for this client. */
  nextId(kind: string): string {
    return `${kind}-${this.reqPrefix}-${++this.reqCounter}`;
  }
}
