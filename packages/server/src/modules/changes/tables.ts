import type { MessageChangeKind } from '@natter/protocol';

/** One change to an existing message; rows are only ever added (gapless `change_seq` per conversation). */
export interface MessageChangesTable {
  conversation_id: string;
  change_seq: number;
  message_id: string;
  /** The changed message's sequence. */
  seq: number;
  kind: MessageChangeKind;
  /** JSON of the resulting state (see presenters.ts). */
  payload: string;
  actor_id: string;
  created_at: number;
}

/** A message's text before an edit replaced it. */
export interface MessageEditsTable {
  message_id: string;
  /** 1 for the text as sent, then 2, 3… */
  version: number;
  body: string;
  written_at: number;
  replaced_at: number;
}

export interface MessageReactionsTable {
  message_id: string;
  emoji: string;
  user_id: string;
  created_at: number;
}

export interface MessageMentionsTable {
  conversation_id: string;
  user_id: string;
  seq: number;
  message_id: string;
}

export interface ServerSettingsTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: number;
  updated_by: string | null;
}
