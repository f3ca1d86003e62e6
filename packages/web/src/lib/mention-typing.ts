import { ROOM_MENTIONS, type UserRef } from '@natter/protocol';
import { mentionCandidates } from '@natter/sdk';

/** The characters of a username (as the Markdown parser reads a mention). */
const NAME_CHARS = /[A-Za-z0-9_.\-\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]*$/u;

/** The `@name` being typed just before the caret: where its `@` is and what follows it. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const name = NAME_CHARS.exec(before)?.[0] ?? '';
  const at = before.length - name.length - 1;
  if (at < 0 || before[at] !== '@') return null;
  // An @ inside a word (an email address) is no mention.
  if (at > 0 && !/[\s([{"'“‘（]/u.test(before[at - 1]!)) return null;
  return { start: at, query: name };
}

export type MentionOption = { kind: 'user'; user: UserRef } | { kind: 'room'; name: string };

/** What to offer for `query`: members (not me) by name, then @room for those who may call everyone. */
export function mentionOptions(query: string, members: readonly UserRef[], meId: string, mayMentionRoom: boolean, limit = 6): MentionOption[] {
  const users: MentionOption[] = mentionCandidates(query, members.filter((m) => m.id !== meId), limit).map((user) => ({ kind: 'user', user }));
  const q = query.toLowerCase();
  const room = mayMentionRoom && query !== '' ? ROOM_MENTIONS.find((r) => r.startsWith(q)) : mayMentionRoom ? 'room' : undefined;
  return room ? [...users.slice(0, limit - 1), { kind: 'room', name: room }] : users;
}

export const optionText = (o: MentionOption) => (o.kind === 'user' ? o.user.username : o.name);
