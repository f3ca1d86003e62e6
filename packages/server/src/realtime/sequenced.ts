/** One frame of a sequenced stream; `data` null: nothing for this socket to read, but the sequence counts. */
export interface SequencedFrame {
  seq: number;
  data: string | Buffer | null;
}

export interface StreamOutput {
  write(data: string | Buffer): void;
  /** What the database holds after `after`, oldest first, at most `limit`. */
  load(conversationId: string, after: number, limit: number): Promise<SequencedFrame[]>;
  /** Too far behind for a fill: the socket is sent away to resume by cursor. */
  tooFarBehind(): void;
  warn(err: unknown, conversationId: string): void;
}

/** A conversation being read from the database: live frames wait in `pending`; `again` asks for one more read. */
type Fill = { pending: SequencedFrame[]; again: boolean };

/**
 * Per-conversation ordered, exactly-once delivery of one sequenced stream (messages, or changes)
 * to one socket. A frame at or below what was sent is dropped; one past a hole waits while the
 * hole is filled from the database (every sequence below a published one is already committed),
 * so the socket sees 1, 2, 3… even when events from other nodes or concurrent commits arrive out
 * of order.
 */
export class SequencedStream {
  /** Highest sequence sent per conversation. */
  readonly sent = new Map<string, number>();
  private readonly filling = new Map<string, Fill>();

  constructor(
    private readonly out: StreamOutput,
    private readonly maxFill: number,
  ) {}

  /** The per-delivery path (every socket of every message): plain arguments, nothing allocated unless a hole waits. */
  offer(conversationId: string, seq: number, data: string | Buffer | null): void {
    const fill = this.filling.get(conversationId);
    if (fill) {
      fill.pending.push({ seq, data });
      return;
    }
    const sent = this.sent.get(conversationId);
    if (sent !== undefined && seq <= sent) return;
    if (sent !== undefined && seq > sent + 1) {
      this.filling.set(conversationId, { pending: [{ seq, data }], again: false });
      void this.fill(conversationId);
      return;
    }
    this.sent.set(conversationId, seq);
    if (data !== null) this.out.write(data);
  }

  /** Starts (or moves on) the conversation at `seq`; from 0 too, so that 2 arriving before 1 waits for it. */
  raise(conversationId: string, seq: number): void {
    const sent = this.sent.get(conversationId);
    if (sent === undefined || seq > sent) this.sent.set(conversationId, seq);
  }

  /** Reads what the database holds beyond what was sent, when `head` says there is some. */
  async catchUp(conversationId: string, head: number): Promise<void> {
    if (head <= (this.sent.get(conversationId) ?? 0)) return;
    const fill = this.filling.get(conversationId);
    if (fill) {
      fill.again = true;
      return;
    }
    this.filling.set(conversationId, { pending: [], again: false });
    await this.fill(conversationId);
  }

  private async fill(conversationId: string): Promise<void> {
    const fill = this.filling.get(conversationId);
    if (!fill) return;
    let failed = false;
    do {
      fill.again = false;
      try {
        const frames = await this.out.load(conversationId, this.sent.get(conversationId) ?? 0, this.maxFill);
        if (frames.length === this.maxFill) {
          this.filling.delete(conversationId);
          this.out.tooFarBehind();
          return;
        }
        for (const f of frames) {
          if (f.seq <= (this.sent.get(conversationId) ?? 0)) continue;
          this.sent.set(conversationId, f.seq);
          if (f.data !== null) this.out.write(f.data);
        }
      } catch (err) {
        this.out.warn(err, conversationId);
        failed = true;
      }
    } while (fill.again && !failed);
    this.filling.delete(conversationId);
    for (const f of fill.pending) {
      // With the database unreachable the hole stays: the client sees seq > cursor + 1 and says hello again.
      if (failed && f.seq > (this.sent.get(conversationId) ?? 0)) {
        this.sent.set(conversationId, f.seq);
        if (f.data !== null) this.out.write(f.data);
      } else this.offer(conversationId, f.seq, f.data);
    }
  }
}
