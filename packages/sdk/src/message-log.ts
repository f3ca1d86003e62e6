import type { Message } from '@natter/protocol';

export interface ApplyResult {
  /** Messages that became part of the run, in seq order: each exactly once over the log's lifetime. */
  applied: Message[];
  /** True while something newer than cursor+1 is waiting: the caller should ask the server to fill in. */
  gap: boolean;
}

/**
 * One conversation's messages, kept as a single run of consecutive seqs [first..cursor].
 * The server numbers every conversation 1, 2, 3... without holes, so the run can never be shown
 * out of order or with a silent hole: anything past cursor+1 waits in `ahead` until the gap is filled.
 */
export class MessageLog {
  /** Sorted by seq, consecutive, ending at `cursor`. Mutated in place; the store copies it for snapshots. */
  readonly messages: Message[] = [];
  private readonly ids = new Set<string>();
  private readonly ahead = new Map<number, Message>();
  /** Highest seq held contiguously (or, before anything is held, the seq we are caught up to). */
  cursor: number;
  /** True once the latest page was fetched, i.e. the run ends at what the server had then. */
  loaded = false;
  hasMoreBefore: boolean;

  constructor(cursor: number) {
    this.cursor = cursor;
    this.hasMoreBefore = cursor > 0;
  }

  /** Seq of the oldest message held; cursor+1 when none is held. */
  get first(): number {
    return this.messages[0]?.seq ?? this.cursor + 1;
  }

  get waiting(): number {
    return this.ahead.size;
  }

  has(m: Message): boolean {
    return this.ids.has(m.id) || (m.seq >= this.first && m.seq <= this.cursor);
  }

  /** A message from the live stream, a replay or an ack. */
  apply(m: Message): ApplyResult {
    if (m.seq <= this.cursor || this.ids.has(m.id)) return this.result([]);
    if (m.seq > this.cursor + 1) {
      if (!this.ahead.has(m.seq)) this.ahead.set(m.seq, m);
      return this.result([]);
    }
    const applied: Message[] = [];
    this.append(m, applied);
    this.drain(applied);
    return this.result(applied);
  }

  /**
   * The newest page (oldest first). Overlapping or adjacent pages are merged; a page that starts
   * past cursor+1 means we fell too far behind, so the held run is dropped in favour of the page.
   * Only messages that extend the run by contiguity are reported as applied.
   */
  mergeLatest(page: Message[], hasMore: boolean, opts: { authoritative?: boolean } = {}): ApplyResult & { replaced: boolean } {
    this.loaded = true;
    const sorted = sortedUnique(page);
    const a = sorted[0]?.seq;
    const b = sorted.at(-1)?.seq;
    // After a resync the held copies may miss changes the server could no longer replay: the page's
    // copies replace them, and what is held older than the page goes (paged in again, fresh, on scroll).
    if (opts.authoritative && a !== undefined && a <= this.cursor + 1) this.adoptFrom(sorted, hasMore);
    if (a === undefined || b === undefined) {
      if (this.messages.length === 0 && this.cursor === 0) this.hasMoreBefore = false;
      return { ...this.result([]), replaced: false };
    }
    if (a > this.cursor + 1) {
      this.messages.length = 0;
      this.ids.clear();
      for (const m of sorted) {
        this.messages.push(m);
        this.ids.add(m.id);
      }
      this.cursor = b;
      this.hasMoreBefore = hasMore;
      for (const seq of this.ahead.keys()) if (seq <= b) this.ahead.delete(seq);
      const applied: Message[] = [];
      this.drain(applied);
      return { ...this.result(applied), replaced: true };
    }
    if (b < this.first - 1) return { ...this.result([]), replaced: false };
    const applied: Message[] = [];
    this.refresh(sorted);
    this.prepend(sorted, hasMore);
    for (const m of sorted) if (m.seq === this.cursor + 1) this.append(m, applied);
    this.drain(applied);
    return { ...this.result(applied), replaced: false };
  }

  /** An older page fetched with `before`; merged only when it touches the held run. */
  mergeOlder(page: Message[], hasMore: boolean, before: number): void {
    const sorted = sortedUnique(page);
    const b = sorted.at(-1)?.seq;
    if (b === undefined) {
      if (before <= this.first) this.hasMoreBefore = false;
      return;
    }
    if (b < this.first - 1) return;
    this.refresh(sorted);
    this.prepend(sorted, hasMore);
  }

  private adoptFrom(sorted: Message[], hasMore: boolean): void {
    const a = sorted[0]!.seq;
    const drop = Math.max(0, Math.min(this.messages.length, a - this.first));
    if (drop > 0) {
      for (const m of this.messages.splice(0, drop)) this.ids.delete(m.id);
      this.hasMoreBefore = hasMore;
    }
    const first = this.first;
    for (const m of sorted) {
      const i = m.seq - first;
      if (i >= 0 && i < this.messages.length && this.messages[i]!.id === m.id) this.messages[i] = m;
    }
  }

  /** Held messages a page carries with more changes applied (an edit, a reaction) are replaced by the page's copy. */
  refresh(sorted: Message[]): void {
    const first = this.first;
    for (const m of sorted) {
      if (m.seq < first || m.seq > this.cursor) continue;
      const i = m.seq - first;
      const held = this.messages[i];
      if (held && held.id === m.id && (m.changeSeq ?? 0) > (held.changeSeq ?? 0)) this.messages[i] = m;
    }
  }

  private prepend(sorted: Message[], hasMore: boolean): void {
    const first = this.first;
    const older = sorted.filter((m) => m.seq < first && !this.ids.has(m.id));
    if (older.length === 0) return;
    for (const m of older) this.ids.add(m.id);
    if (this.messages.length === 0) {
      // Nothing held yet: the page ends where we are caught up to, so it becomes the run itself.
      this.messages.push(...older);
      this.cursor = Math.max(this.cursor, older.at(-1)!.seq);
    } else {
      this.messages.unshift(...older);
    }
    this.hasMoreBefore = hasMore;
  }

  private append(m: Message, applied: Message[]): void {
    if (this.messages.length === 0 && this.cursor === 0) this.hasMoreBefore = false;
    else if (this.messages.length === 0) this.hasMoreBefore = m.seq > 1;
    this.messages.push(m);
    this.ids.add(m.id);
    this.cursor = m.seq;
    applied.push(m);
  }

  private drain(applied: Message[]): void {
    for (;;) {
      const next = this.ahead.get(this.cursor + 1);
      if (!next) break;
      this.ahead.delete(next.seq);
      if (this.ids.has(next.id)) continue;
      this.append(next, applied);
    }
    for (const seq of this.ahead.keys()) if (seq <= this.cursor) this.ahead.delete(seq);
  }

  private result(applied: Message[]): ApplyResult {
    return { applied, gap: this.ahead.size > 0 };
  }
}

function sortedUnique(page: Message[]): Message[] {
  const bySeq = new Map<number, Message>();
  for (const m of page) if (!bySeq.has(m.seq)) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
}
