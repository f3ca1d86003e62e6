/** The Socket.IO baseline's tables; the benchmark also uses it to pre-load history. */
export const SCHEMA = `
  create table if not exists rooms (id text primary key, last_seq integer not null default 0);
  create table if not exists messages (
    id text primary key, room text not null, seq integer not null, sender text not null,
    body text not null, client_msg_id text, created_at integer not null,
    unique (room, seq), unique (sender, client_msg_id));
`;
