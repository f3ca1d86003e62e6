import type { FastifyBaseLogger } from 'fastify';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What the mail is for, for logs (never the link: it is a secret). */
  kind: string;
}

export interface QueueOptions {
  maxAttempts: number;
  retryBaseMs: number;
}

const MAX_DELAY_MS = 15 * 60 * 1000;

/** 5xx replies (unknown recipient, refused sender) will not change by trying again. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Sends off the request path: each mail is tried up to maxAttempts times with growing, jittered
 * delays; the final failure is logged. Mails waiting here are lost on restart, which the
 * "send again" buttons cover.
 */
export class MailQueue {
  private inFlight = 0;
  private timers = new Set<NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  delivered = 0;
  failed = 0;

  constructor(
    private readonly deliver: (mail: OutgoingMail) => Promise<void>,
    private readonly opts: QueueOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  enqueue(mail: OutgoingMail): void {
    if (this.closed) return;
    this.inFlight++;
    void this.attempt(mail, 1);
  }

  /** Resolves once every queued mail was delivered or given up on. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get pending(): number {
    return this.inFlight;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.inFlight > 0) this.log.warn({ mails: this.inFlight }, 'shutting down with mails still unsent');
    this.inFlight = 0;
    this.settle();
  }

  private async attempt(mail: OutgoingMail, n: number): Promise<void> {
    try {
      await this.deliver(mail);
      if (this.closed) return;
      this.delivered++;
      this.log.info({ kind: mail.kind, to: mail.to, attempts: n }, 'mail sent');
      this.done();
    } catch (err) {
      if (this.closed) return;
      const reason = err instanceof Error ? err.message : String(err);
      if (isPermanent(err) || n >= this.opts.maxAttempts) {
        this.failed++;
        this.log.error({ kind: mail.kind, to: mail.to, attempts: n, reason }, 'mail could not be delivered; giving up');
        this.done();
        return;
      }
      const delay = Math.min(MAX_DELAY_MS, this.opts.retryBaseMs * 4 ** (n - 1)) * (0.75 + Math.random() * 0.5);
      this.log.warn({ kind: mail.kind, to: mail.to, attempt: n, retryInMs: Math.round(delay), reason }, 'mail not sent yet; will retry');
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.attempt(mail, n + 1);
      }, delay);
      timer.unref();
      this.timers.add(timer);
    }
  }

  private done(): void {
    this.inFlight--;
    this.settle();
  }

  private settle(): void {
    if (this.inFlight > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
