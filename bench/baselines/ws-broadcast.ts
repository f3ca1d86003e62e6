/**
 * Baseline 1, the ceiling for this stack: a bare `ws` server that relays each message to every
 * socket in its room. No authentication, no persistence, no validation beyond JSON.parse.
 * Protocol: {t:'join', rooms} → {t:'joined'}; {t:'send', id, room, body} → {t:'ack', id, seq} to the
 * sender and {t:'msg', room, seq, body} to every member (the sender included, as Natter does).
 */
import { type WebSocket, WebSocketServer } from 'ws';

const port = Number(process.env.PORT ?? 0);
const rooms = new Map<string, Set<WebSocket>>();
const seqs = new Map<string, number>();

const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
wss.on('connection', (ws) => {
  const joined: string[] = [];
  ws.on('message', (raw) => {
    let frame: { t?: string; id?: string; room?: string; rooms?: string[]; body?: string };
    try {
      frame = JSON.parse(String(raw));
    } catch {
      return;
    }
    if (frame.t === 'join' && Array.isArray(frame.rooms)) {
      for (const room of frame.rooms) {
        let set = rooms.get(room);
        if (!set) rooms.set(room, (set = new Set()));
        set.add(ws);
        joined.push(room);
      }
      ws.send(JSON.stringify({ t: 'joined', id: frame.id }));
    } else if (frame.t === 'send' && typeof frame.room === 'string') {
      const seq = (seqs.get(frame.room) ?? 0) + 1;
      seqs.set(frame.room, seq);
      ws.send(JSON.stringify({ t: 'ack', id: frame.id, seq }));
      const data = Buffer.from(JSON.stringify({ t: 'msg', room: frame.room, seq, body: frame.body }));
      for (const member of rooms.get(frame.room) ?? []) member.send(data, { binary: false });
    }
  });
  ws.on('close', () => {
    for (const room of joined) rooms.get(room)?.delete(ws);
  });
  ws.on('error', () => ws.terminate());
});
wss.on('listening', () => {
  const address = wss.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
});
process.on('SIGTERM', () => process.exit(0));
