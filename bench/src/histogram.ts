/**
 * Latency histogram in microseconds: 50 µs buckets up to 1 s, 10 ms buckets up to 60 s, one bucket
 * beyond. Small enough to cross process boundaries as sparse [bucket, count] pairs and be summed.
 */
const FINE_US = 50;
const FINE_LIMIT_US = 1_000_000;
const COARSE_US = 10_000;
const COARSE_LIMIT_US = 60_000_000;
const FINE_BUCKETS = FINE_LIMIT_US / FINE_US;
const BUCKETS = FINE_BUCKETS + (COARSE_LIMIT_US - FINE_LIMIT_US) / COARSE_US + 1;

export type SparseHistogram = [number, number][];

export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  private sumUs = 0;
  maxUs = 0;

  record(us: number): void {
    const v = us < 0 ? 0 : us;
    const bucket = v < FINE_LIMIT_US ? Math.floor(v / FINE_US) : Math.min(BUCKETS - 1, FINE_BUCKETS + Math.floor((v - FINE_LIMIT_US) / COARSE_US));
    this.counts[bucket]! += 1;
    this.count += 1;
    this.sumUs += v;
    if (v > this.maxUs) this.maxUs = v;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sumUs = 0;
    this.maxUs = 0;
  }

  toSparse(): { buckets: SparseHistogram; count: number; sumUs: number; maxUs: number } {
    const buckets: SparseHistogram = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i]) buckets.push([i, this.counts[i]!]);
    return { buckets, count: this.count, sumUs: this.sumUs, maxUs: this.maxUs };
  }

  add(sparse: { buckets: SparseHistogram; count: number; sumUs: number; maxUs: number }): void {
    for (const [i, n] of sparse.buckets) this.counts[i]! += n;
    this.count += sparse.count;
    this.sumUs += sparse.sumUs;
    if (sparse.maxUs > this.maxUs) this.maxUs = sparse.maxUs;
  }

  /** The value (upper edge of its bucket, in ms) below which `p` of the samples fall. */
  percentileMs(p: number): number | null {
    if (this.count === 0) return null;
    const target = Math.ceil(this.count * p);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= target) {
        const upperUs = i < FINE_BUCKETS ? (i + 1) * FINE_US : FINE_LIMIT_US + (i - FINE_BUCKETS + 1) * COARSE_US;
        return Math.round(Math.min(upperUs, this.maxUs) / 10) / 100;
      }
    }
    return Math.round(this.maxUs / 10) / 100;
  }

  summary(): { count: number; p50: number | null; p95: number | null; p99: number | null; max: number | null; mean: number | null } {
    return {
      count: this.count,
      p50: this.percentileMs(0.5),
      p95: this.percentileMs(0.95),
      p99: this.percentileMs(0.99),
      max: this.count ? Math.round(this.maxUs / 10) / 100 : null,
      mean: this.count ? Math.round(this.sumUs / this.count / 10) / 100 : null,
    };
  }
}

/** Microseconds on the machine-wide monotonic clock: comparable between processes on one host. */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
