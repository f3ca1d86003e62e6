/**
 * Baseline 2, what a Node developer would build instead: Socket.IO 4 with rooms, each message
 * stored in SQLite (WAL, synchronous=FULL like Natter's default, one transaction per message, a
 * gapless per-room sequence) before it is emitted to the room and acknowledged.
 * Events: join(rooms, cb); send({room, clientMsgId, body}, cb) → cb({seq}) and 'message' to the room
 * (the sender included); hello({cursors}, cb) → cb({missed}); history({room, before?, limit}, cb).
 * The handshake's auth.user names the user; there are no passwords (a baseline, not a product).
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';
import { SCHEMA } from './socketio-schema';

const port = Number(process.env.PORT ?? 0);
const file = process.env.DB_FILE ?? 'baseline.db';
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(SCHEMA);
const bumpSeq = db.prepare('insert into rooms (id, last_seq) values (?, 1) on conflict(id) do update set last_seq = last_seq + 1 returning last_seq');
const insert = db.prepare('insert into messages (id, room, seq, sender, body, client_msg_id, created_at) values (?, ?, ?, ?, ?, ?, ?)');
const existing = db.prepare('select id, room, seq, sender, body, created_at as createdAt from messages where sender = ? and client_msg_id = ?');
const after = db.prepare('select id, room, seq, sender, body, created_at as createdAt from messages where room = ? and seq > ? order by seq limit 500');
const before = db.prepare('select id, room, seq, sender, body, created_at as createdAt from messages where room = ? and seq < ? order by seq desc limit ?');
type Row = { id: string; room: string; seq: number; sender: string; body: string; createdAt: number };
const store = db.transaction((room: string, sender: string, body: string, clientMsgId: string | null): Row => {
  const { last_seq: seq } = bumpSeq.get(room) as { last_seq: number };
  const row = { id: randomBytes(16).toString('base64url'), room, seq, sender, body, createdAt: Date.now() };
  insert.run(row.id, room, seq, sender, body, clientMsgId, row.createdAt);
  return row;
});

const http = createServer();
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
io.on('connection', (socket) => {
  const user = String(socket.handshake.auth?.user ?? socket.id);
  socket.on('join', (rooms: unknown, cb: unknown) => {
    if (Array.isArray(rooms)) for (const r of rooms) if (typeof r === 'string') void socket.join(r);
    if (typeof cb === 'function') cb({ ok: true });
  });
  socket.on('send', (m: { room?: unknown; body?: unknown; clientMsgId?: unknown }, cb: unknown) => {
    const reply = typeof cb === 'function' ? (cb as (x: unknown) => void) : () => {};
    if (typeof m?.room !== 'string' || typeof m.body !== 'string' || !socket.rooms.has(m.room)) return reply({ error: 'bad_request' });
    const clientMsgId = typeof m.clientMsgId === 'string' ? m.clientMsgId : null;
    let row: Row;
    try {
      row = store(m.room, user, m.body, clientMsgId);
    } catch (err) {
      const again = clientMsgId ? (existing.get(user, clientMsgId) as Row | undefined) : undefined;
      if (again) return reply({ seq: again.seq, id: again.id });
      return reply({ error: String(err) });
    }
    io.to(m.room).emit('message', row);
    reply({ seq: row.seq, id: row.id });
  });
  socket.on('hello', (h: { cursors?: Record<string, number> }, cb: unknown) => {
    const missed: Row[] = [];
    for (const [room, cursor] of Object.entries(h?.cursors ?? {})) {
      if (socket.rooms.has(room)) missed.push(...(after.all(room, Number(cursor)) as Row[]));
    }
    if (typeof cb === 'function') cb({ missed });
  });
  socket.on('history', (q: { room?: string; before?: number; limit?: number }, cb: unknown) => {
    if (typeof cb !== 'function' || typeof q?.room !== 'string' || !socket.rooms.has(q.room)) return;
    const rows = before.all(q.room, q.before ?? Number.MAX_SAFE_INTEGER, Math.min(100, q.limit ?? 50)) as Row[];
    cb({ messages: rows.reverse() });
  });
});
http.listen(port, '127.0.0.1', () => {
  const address = http.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
});
process.on('SIGTERM', () => {
  db.close();
  process.exit(0);
});
