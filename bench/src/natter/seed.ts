import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../packages/server/src/db/database';
import { hashPassword } from '../../../packages/server/src/modules/accounts/passwords';
import { newId, newSecret, sha256 } from '../../../packages/server/src/util/ids';

export interface SeededUser {
  id: string;
  username: string;
  /** Bearer token of a live session. */
  token: string;
}

export interface Seeded {
  users: SeededUser[];
  /** Conversation ids with the indexes (into `users`) of their members. */
  conversations: { id: string; members: number[] }[];
}

export interface SeedPlan {
  users: number;
  /** Rooms of this many members each, users taken in order (0..size-1, size..2size-1, …). */
  roomSize?: number;
  /** Users paired into direct conversations (0-1, 2-3, …), the pairs made friends. */
  dmPairs?: boolean;
  /** Messages stored in the first conversation before the server starts. */
  history?: number;
}

const PASSWORD = 'bench-password-not-secret';

/**
 * Writes accounts, live sessions, conversations and memberships straight into a fresh Natter
 * database (the server's own migrations create the schema). Signing up through the API would spend
 * an argon2 hash (~50 ms of CPU) per account: minutes for 10,000 accounts, none of it what is
 * measured. Every account shares one real argon2 hash of the same password, so login works too.
 */
export async function seedNatter(file: string, plan: SeedPlan): Promise<Seeded> {
  const handle = await openDatabase({ kind: 'sqlite', file, synchronous: 'full', commitIntervalMs: 0 });
  await handle.close();
  const passwordHash = await hashPassword(PASSWORD);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = Date.now();
  const users: SeededUser[] = [];
  const conversations: Seeded['conversations'] = [];
  const tag = randomBytes(3).toString('hex');

  const insertUser = db.prepare(
    'insert into users (id, username, username_key, password_hash, is_admin, created_at, deleted_at, email, email_verified, language) values (?, ?, ?, ?, 0, ?, null, null, 1, ?)',
  );
  const insertSession = db.prepare('insert into sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent) values (?, ?, ?, ?, ?, ?)');
  const insertConversation = db.prepare(
    'insert into conversations (id, kind, name, name_key, topic, visibility, dm_key, last_seq, last_activity_at, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)',
  );
  const insertMember = db.prepare('insert into members (conversation_id, user_id, role, joined_at) values (?, ?, ?, ?)');
  const insertFriend = db.prepare('insert into friendships (user_id, friend_id, created_at) values (?, ?, ?)');

  db.transaction(() => {
    for (let i = 0; i < plan.users; i++) {
      const id = newId();
      const username = `b${tag}u${i}`;
      const token = newSecret();
      insertUser.run(id, username, username.toLowerCase(), passwordHash, now, 'en');
      insertSession.run(sha256(token), id, now, now, now + 30 * 24 * 3600 * 1000, 'natter-bench');
      users.push({ id, username, token });
    }
    if (plan.roomSize) {
      for (let start = 0, k = 0; start < plan.users; start += plan.roomSize, k++) {
        const id = newId();
        const members = range(start, Math.min(plan.users, start + plan.roomSize));
        const name = `b${tag}-room-${k}`;
        insertConversation.run(id, 'room', name, name, '', 'public', null, now, now, users[start]!.id);
        for (const m of members) insertMember.run(id, users[m]!.id, m === start ? 'owner' : 'member', now);
        conversations.push({ id, members });
      }
    }
    if (plan.dmPairs) {
      for (let a = 0; a + 1 < plan.users; a += 2) {
        const [x, y] = [users[a]!, users[a + 1]!];
        const id = newId();
        const dmKey = [x.id, y.id].sort().join(':');
        insertConversation.run(id, 'dm', null, null, '', null, dmKey, now, now, x.id);
        insertMember.run(id, x.id, 'member', now);
        insertMember.run(id, y.id, 'member', now);
        insertFriend.run(x.id, y.id, now);
        insertFriend.run(y.id, x.id, now);
        conversations.push({ id, members: [a, a + 1] });
      }
    }
  })();

  if (plan.history && conversations[0]) {
    const conversation = conversations[0];
    const insertMessage = db.prepare('insert into messages (id, conversation_id, seq, sender_id, body, client_msg_id, created_at) values (?, ?, ?, ?, ?, null, ?)');
    const senders = conversation.members.map((m) => users[m]!.id);
    const start = now - plan.history * 1000;
    db.transaction(() => {
      for (let seq = 1; seq <= plan.history!; seq++) {
        insertMessage.run(newId(), conversation.id, seq, senders[seq % senders.length], historyBody(seq), start + seq * 1000);
      }
      db.prepare('update conversations set last_seq = ?, last_activity_at = ? where id = ?').run(plan.history, now, conversation.id);
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { users, conversations };
}

export function historyBody(seq: number): string {
  return `message number ${seq}: a line of ordinary chat text, about as long as most messages are.`;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
