import { isRoomMention, mentionedUsernames, parseMarkdown, type UserRef } from '@natter/protocol';

/**
 * The mentions a composed text makes, for sendMessage: the ids of `members` written as @username
 * (case-insensitive; read by the same Markdown parser that renders the text, so a name inside code
 * is no mention) and whether @room, @all or @所有人 appears. Unknown names are left as text.
 */
export function extractMentions(body: string, members: readonly UserRef[]): { mentions: string[]; mentionsRoom: boolean } {
  const byName = new Map(members.filter((m) => !m.deleted).map((m) => [m.username.toLowerCase(), m.id]));
  const ids: string[] = [];
  let mentionsRoom = false;
  for (const name of mentionedUsernames(parseMarkdown(body))) {
    if (isRoomMention(name)) {
      mentionsRoom = true;
      continue;
    }
    const id = byName.get(name.toLowerCase());
    if (id && !ids.includes(id)) ids.push(id);
  }
  return { mentions: ids, mentionsRoom };
}

/**
 * Members whose name starts with what follows the `@` being typed, for the composer's suggestions
 * (at most `limit`, exact matches first).
 */
export function mentionCandidates(prefix: string, members: readonly UserRef[], limit = 8): UserRef[] {
  const p = prefix.toLowerCase();
  return members
    .filter((m) => !m.deleted && m.username.toLowerCase().startsWith(p))
    .sort((a, b) => Number(b.username.toLowerCase() === p) - Number(a.username.toLowerCase() === p) || a.username.localeCompare(b.username))
    .slice(0, limit);
}
