import type { SparseHistogram } from '../histogram';
import type { ClientSpec } from './clients';

export type Sparse = { buckets: SparseHistogram; count: number; sumUs: number; maxUs: number };

export type Command =
  | { cmd: 'init'; kind: string; url: string; clients: ClientSpec[]; concurrency: number }
  | { cmd: 'step'; ratePerClient: number; durationMs: number; warmupMs: number }
  | { cmd: 'disconnect' }
  | { cmd: 'reconnect'; spreadMs: number; concurrency: number; rewind: number }
  | { cmd: 'history'; conversationId: string; requests: number; maxSeq: number }
  | { cmd: 'verify' }
  | { cmd: 'exit' };

export interface StepReport {
  sent: number;
  acked: number;
  errors: number;
  /** Deliveries of messages sent inside the measured window. */
  windowDeliveries: number;
  /** Every delivery during the step (warm-up and tail included), for deliveries per CPU-second. */
  stepDeliveries: number;
  windowSeconds: number;
  hist: Sparse;
}

export interface Verified {
  totals: { deliveries: number; duplicates: number; gaps: number; acked: number; errors: number; closed: number };
  ackedPerConv: Record<string, number>;
  deliveredPerConv: Record<string, number>;
  lastSeen: Record<string, number>[];
  errorSamples: string[];
}

export type Reply =
  | { ev: 'up' }
  | { ev: 'connected'; failed: number; hist: Sparse; errorSamples: string[] }
  | { ev: 'stepped'; report: StepReport }
  | { ev: 'disconnected' }
  | { ev: 'reconnected'; failed: number; hist: Sparse }
  | { ev: 'history'; hist: Sparse; failed: number }
  | ({ ev: 'verified' } & Verified)
  | { ev: 'failed'; message: string };
