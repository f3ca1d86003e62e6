import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ServerKind } from '../servers';

/** What a load-generating client is told about itself. */
export interface ClientSpec {
  idx: number;
  /** Natter: bearer token; baselines: a user name. */
  token: string;
  conversations: string[];
}

export interface Delivery {
  conversationId: string;
  seq: number;
  body: string;
}

export interface Handlers {
  onDelivery(d: Delivery): void;
  onAck(): void;
  onError(message: string): void;
  onClose(): void;
}

export interface Welcome {
  /** Newest seq of each conversation at the time of the handshake (Natter and Socket.IO), if known. */
  heads: Record<string, number>;
  missed: Delivery[];
}

/** One connected client, whatever server it talks to. */
export interface BenchClient {
  send(conversationId: string, clientMsgId: string, body: string): void;
  history(conversationId: string, before: number | undefined, limit: number): Promise<number>;
  close(): void;
}

export type Connector = (spec: ClientSpec, cursors: Record<string, number>, h: Handlers) => Promise<{ client: BenchClient; welcome: Welcome }>;

export function connectorFor(kind: ServerKind, url: string): Connector {
  if (kind === 'natter') return natter(url);
  if (kind === 'ws') return bareWs(url);
  return socketIo(url);
}

/**
 * Natter through its raw protocol: the SDK's store and outbox would add their own work to every
 * frame, and the point is the server's. Message frames are read by position (the server writes
 * them in a fixed field order), falling back to JSON.parse for anything else.
 */
function natter(base: string): Connector {
  const wsUrl = base.replace(/^http/, 'ws') + '/api/socket';
  return (spec, cursors, h) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${spec.token}` }, perMessageDeflate: false });
      let welcomed = false;
      ws.on('message', (raw: Buffer) => {
        const text = raw.toString();
        if (welcomed && text.startsWith('{"type":"message"')) {
          const d = readNatterMessage(text);
          if (d) return h.onDelivery(d);
        }
        if (text.startsWith('{"type":"ack"')) return h.onAck();
        const frame = JSON.parse(text) as { type: string; message?: { conversationId: string; seq: number; body: string }; missed?: Delivery[]; heads?: Record<string, number> } & Record<string, unknown>;
        switch (frame.type) {
          case 'ready':
            ws.send(JSON.stringify({ type: 'hello', id: 'hello', cursors }));
            return;
          case 'welcome':
            welcomed = true;
            resolve({
              client: natterClient(ws, base, spec.token),
              welcome: { heads: frame.heads ?? {}, missed: (frame.missed ?? []).map((m) => ({ conversationId: m.conversationId, seq: m.seq, body: m.body })) },
            });
            return;
          case 'message':
            if (frame.message) h.onDelivery({ conversationId: frame.message.conversationId, seq: frame.message.seq, body: frame.message.body });
            return;
          case 'error':
            h.onError(`${String(frame.code)}: ${String(frame.message)}`);
            return;
        }
      });
      ws.on('error', (err) => (welcomed ? h.onError(err.message) : reject(err)));
      ws.on('close', (code, reason) => {
        if (!welcomed) reject(new Error(`closed ${code} ${reason.toString()}`));
        h.onClose();
      });
    });
}

const CONV = '"conversationId":"';
const SEQ = '"seq":';
const BODY = '"body":"';

function readNatterMessage(text: string): Delivery | null {
  const c = text.indexOf(CONV);
  const s = text.indexOf(SEQ, c);
  const b = text.indexOf(BODY, s);
  if (c < 0 || s < 0 || b < 0) return null;
  const conversationId = text.slice(c + CONV.length, text.indexOf('"', c + CONV.length));
  const seq = parseInt(text.slice(s + SEQ.length, s + SEQ.length + 20), 10);
  const body = text.slice(b + BODY.length, text.indexOf('"', b + BODY.length));
  return Number.isFinite(seq) ? { conversationId, seq, body } : null;
}

function natterClient(ws: WebSocket, base: string, token: string): BenchClient {
  let n = 0;
  return {
    send(conversationId, clientMsgId, body) {
      ws.send(JSON.stringify({ type: 'send', id: `s${++n}`, conversationId, clientMsgId, body }));
    },
    async history(conversationId, before, limit) {
      const q = `limit=${limit}${before === undefined ? '' : `&before=${before}`}`;
      const res = await fetch(`${base}/api/conversations/${conversationId}/messages?${q}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`history ${res.status}: ${await res.text()}`);
      const json = (await res.json()) as { messages: unknown[] };
      return json.messages.length;
    },
    close: () => ws.close(),
  };
}

function bareWs(base: string): Connector {
  const wsUrl = base.replace(/^http/, 'ws');
  return (spec, _cursors, h) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
      let joined = false;
      ws.on('open', () => ws.send(JSON.stringify({ t: 'join', id: 'j', rooms: spec.conversations })));
      ws.on('message', (raw: Buffer) => {
        const frame = JSON.parse(raw.toString()) as { t: string; room: string; seq: number; body: string };
        if (frame.t === 'msg') h.onDelivery({ conversationId: frame.room, seq: frame.seq, body: frame.body });
        else if (frame.t === 'ack') h.onAck();
        else if (frame.t === 'joined') {
          joined = true;
          let n = 0;
          resolve({
            client: {
              send: (room, _clientMsgId, body) => ws.send(JSON.stringify({ t: 'send', id: `s${++n}`, room, body })),
              history: () => Promise.reject(new Error('the bare ws server keeps no history')),
              close: () => ws.close(),
            },
            welcome: { heads: {}, missed: [] },
          });
        }
      });
      ws.on('error', (err) => (joined ? h.onError(err.message) : reject(err)));
      ws.on('close', () => {
        if (!joined) reject(new Error('closed before joining'));
        h.onClose();
      });
    });
}

type Row = { room: string; seq: number; body: string };

function socketIo(base: string): Connector {
  return (spec, cursors, h) =>
    new Promise((resolve, reject) => {
      const socket: Socket = io(base, { transports: ['websocket'], auth: { user: spec.token }, reconnection: false, forceNew: true });
      let ready = false;
      socket.on('message', (m: Row) => h.onDelivery({ conversationId: m.room, seq: m.seq, body: m.body }));
      socket.on('connect_error', (err) => reject(err));
      socket.on('disconnect', () => {
        if (ready) h.onClose();
      });
      socket.on('connect', () => {
        socket.emit('join', spec.conversations, () => {
          socket.emit('hello', { cursors }, (r: { missed: Row[] }) => {
            ready = true;
            resolve({
              client: {
                send: (room, clientMsgId, body) =>
                  socket.emit('send', { room, clientMsgId, body }, (ack: { error?: string }) => (ack.error ? h.onError(ack.error) : h.onAck())),
                history: (room, before, limit) =>
                  new Promise((res) => socket.emit('history', { room, before, limit }, (r2: { messages: unknown[] }) => res(r2.messages.length))),
                close: () => socket.disconnect(),
              },
              welcome: { heads: {}, missed: r.missed.map((m) => ({ conversationId: m.room, seq: m.seq, body: m.body })) },
            });
          });
        });
      });
    });
}
