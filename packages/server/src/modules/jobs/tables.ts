/** One unit of background work (a mail, a push): see ADR 0013. */
export interface JobsTable {
  id: string;
  kind: string;
  /** Unique: the same job enqueued twice (by two nodes, or again after a restart) is stored once. */
  dedupe_key: string;
  /** JSON; cleared once the job is done or given up on (a mail's payload holds its links). */
  payload: string;
  status: 'pending' | 'done' | 'failed';
  /** Not to be claimed before this time. */
  run_at: number;
  /** Claims so far, counting one that never reported back (its claimer died). */
  attempts: number;
  max_attempts: number;
  /** The node running it, while its lease holds. */
  claimed_by: string | null;
  claimed_until: number | null;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}
