import { dayKey } from './format';

export interface Groupable {
  key: string;
  senderId: string;
  createdAt: number;
}

export type Row<T extends Groupable> =
  | { type: 'day'; key: string; at: number }
  | { type: 'group'; key: string; senderId: string; items: T[] };

/** Messages further apart than this start a new group even from the same sender. */
export const GROUP_GAP_MS = 5 * 60_000;

/**
 * Turns a chronological list into day separators and runs of consecutive entries by one sender.
 * A new day always starts a new group.
 */
export function groupBySenderAndDay<T extends Groupable>(entries: readonly T[], gapMs = GROUP_GAP_MS): Row<T>[] {
  const rows: Row<T>[] = [];
  let day: string | null = null;
  let group: Extract<Row<T>, { type: 'group' }> | null = null;
  let last: T | null = null;
  for (const entry of entries) {
    const d = dayKey(entry.createdAt);
    if (d !== day) {
      rows.push({ type: 'day', key: `day-${d}`, at: entry.createdAt });
      day = d;
      group = null;
    }
    const continues = group && last && group.senderId === entry.senderId && entry.createdAt - last.createdAt <= gapMs;
    if (group && continues) {
      group.items.push(entry);
    } else {
      group = { type: 'group', key: `group-${entry.key}`, senderId: entry.senderId, items: [entry] };
      rows.push(group);
    }
    last = entry;
  }
  return rows;
}
