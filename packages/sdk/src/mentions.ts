import type { UserRef } from '@natter/protocol';

/** Words that mention everyone in a room (owner and moderators only). */
export const ROOM_MENTIONS = ['room', 'all', '所有人'] as const;

const TOKEN = /(^|[^\p{L}\p{N}_.-])@([\p{L}\p{N}_.-]+)/gu;

/**
 * The mentions a composed text makes, for sendMessage: the ids of `members` named as @username
 * (case-insensitive) and whether @room, @all or @所有人 appears. Unknown names are left as text.
 */
export function extractMentions(body: string, members: readonly UserRef[]): { mentions: string[]; mentionsRoom: boolean } {
  const byName = new Map(members.filter((m) => !m.deleted).map((m) => [m.username.toLowerCase(), m.id]));
  const ids: string[] = [];
  let mentionsRoom = false;
  for (const match of body.matchAll(TOKEN)) {
    // A trailing full stop ends the sentence, not the name.
    const word = match[2]!.replace(/[.-]+$/, '');
    const lower = word.toLowerCase();
    if ((ROOM_MENTIONS as readonly string[]).includes(lower)) {
      mentionsRoom = true;
      continue;
    }
    const id = byName.get(lower);
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
