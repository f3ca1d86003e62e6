import type { Groupable, Row } from './grouping';

/**
 * A virtualized list measures and positions whole rows, so one sender's long burst must not be a
 * single huge row: it is cut into chunks, and chunks after the first hide the repeated header.
 */
export type VirtualRow<T extends Groupable> =
  | Extract<Row<T>, { type: 'day' }>
  | { type: 'group'; key: string; senderId: string; items: T[]; continued: boolean };

export const MAX_ROW_ENTRIES = 12;

export function toVirtualRows<T extends Groupable>(rows: readonly Row<T>[], max = MAX_ROW_ENTRIES): VirtualRow<T>[] {
  const out: VirtualRow<T>[] = [];
  for (const row of rows) {
    if (row.type === 'day') {
      out.push(row);
      continue;
    }
    // Cut from the end so that older pages added above change only the first chunk's key.
    const head = row.items.length % max || max;
    for (let i = 0; i < row.items.length; i = i === 0 ? head : i + max) {
      const items = row.items.slice(i, i === 0 ? head : i + max);
      out.push({ type: 'group', key: i === 0 ? row.key : `chunk-${items[0]!.key}`, senderId: row.senderId, items, continued: i > 0 });
    }
  }
  return out;
}

/** First guess of a row's height before it is measured; measured sizes replace it. */
export function estimateRowHeight(row: VirtualRow<Groupable>): number {
  if (row.type === 'day') return 42;
  return (row.continued ? 8 : 34) + row.items.length * 22;
}

/**
 * How many messages from others arrived after the last one the reader saw at the bottom.
 * Scans from the end: the answer is small even in a long history.
 */
export function countNewer(messages: readonly { seq: number; sender: { id: string } }[], seenSeq: number, meId: string): number {
  let n = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.seq <= seenSeq) break;
    if (m.sender.id !== meId) n++;
  }
  return n;
}
