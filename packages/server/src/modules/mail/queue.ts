import type { JobQueue } from '../jobs/queue';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What the mail is for, for logs (never the link: it is a secret). */
  kind: string;
  /** Extra header lines (List-Unsubscribe and the like). */
  headers?: Record<string, string>;
}

export const MAIL_JOB = 'mail';

const MAX_DELAY_MS = 15 * 60 * 1000;

/** 5xx replies (unknown recipient, refused sender) will not change by trying again. */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export interface MailQueueOptions {
  maxAttempts: number;
  retryBaseMs: number;
}

/**
 * Mails wait in the durable job queue (ADR 0013): a mail accepted before a restart is still sent
 * after it, once across nodes, retried with growing, jittered delays and given up on after
 * maxAttempts (or at once on a 5xx).
 */
export class MailQueue {
  constructor(
    private readonly jobs: JobQueue,
    deliver: (mail: OutgoingMail) => Promise<void>,
    opts: MailQueueOptions,
  ) {
    const log = jobs.log;
    jobs.register<OutgoingMail>(MAIL_JOB, async (mail, job) => {
      try {
        await deliver(mail);
      } catch (err) {
        if (isPermanentSmtpError(err) || job.attempt >= opts.maxAttempts) {
          log.error({ kind: mail.kind, to: mail.to, attempts: job.attempt, reason: err instanceof Error ? err.message : String(err) }, 'mail could not be delivered; giving up');
        }
        throw err;
      }
    }, {
      maxAttempts: opts.maxAttempts,
      backoff: { baseMs: opts.retryBaseMs, maxMs: MAX_DELAY_MS },
      isPermanent: isPermanentSmtpError,
    });
  }

  /** `dedupeKey` makes a mail that two nodes (or a retried command) decide to send go out once. */
  async enqueue(mail: OutgoingMail, dedupeKey?: string): Promise<void> {
    await this.jobs.enqueue({ kind: MAIL_JOB, payload: mail, ...(dedupeKey ? { dedupeKey: `${MAIL_JOB}:${dedupeKey}` } : {}) });
  }

  /** Mails this node delivered since it started. */
  get delivered(): number {
    return this.jobs.stats(MAIL_JOB).done;
  }

  /** Mails this node gave up on since it started. */
  get failed(): number {
    return this.jobs.stats(MAIL_JOB).failed;
  }

  /** Mails not yet delivered or given up on, on any node. */
  pending(): Promise<number> {
    return this.jobs.pendingCount([MAIL_JOB]);
  }

  idle(): Promise<void> {
    return this.jobs.idle([MAIL_JOB]);
  }
}
