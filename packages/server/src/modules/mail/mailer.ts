import type { FastifyBaseLogger } from 'fastify';
import type { Transporter } from 'nodemailer';
import type { Config } from '../../config';
import type { JobQueue } from '../jobs/queue';
import { DevOutbox } from './outbox';
import { MailQueue, type OutgoingMail } from './queue';

export interface Mailer {
  /**
   * Resolves once the mail is stored in the job queue; delivery happens in the background. With the
   * same `dedupeKey` a mail is sent once, whoever asks.
   */
  send(mail: OutgoingMail, dedupeKey?: string): Promise<void>;
  /** Set when no SMTP is configured outside production: the mails the outbox page lists. */
  readonly outbox: DevOutbox | null;
  /** Set when SMTP is configured. */
  readonly queue: MailQueue | null;
  /** Runs work that prepares mails after the response has gone; failures are logged. */
  defer(task: () => Promise<void>): void;
  /** Resolves once deferred work is done and every queued mail was sent or given up on. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function background(log: FastifyBaseLogger) {
  const running = new Set<Promise<void>>();
  return {
    defer(task: () => Promise<void>) {
      const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch((err: unknown) => log.error({ err }, 'preparing a mail failed'))
        .finally(() => running.delete(p));
      running.add(p);
    },
    async settled() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}

export function createMailer(config: Config, log: FastifyBaseLogger, now: () => number, jobs: JobQueue): Mailer {
  const { mail } = config;
  const work = background(log);
  if (!mail.smtp) {
    const outbox = config.env === 'production' ? null : new DevOutbox();
    return {
      outbox,
      queue: null,
      async send(m) {
        log.info({ kind: m.kind, to: m.to }, `mail not sent (no SMTP configured): ${m.subject}\n${m.text}`);
        outbox?.add(m, now());
      },
      defer: work.defer,
      idle: work.settled,
      close: work.settled,
    };
  }
  const { smtp } = mail;
  // nodemailer is loaded with the first mail, not at start.
  let transport: Promise<Transporter> | null = null;
  const connect = async () => (await import('nodemailer')).default.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.auth ? { auth: smtp.auth } : {}),
    pool: true,
    maxConnections: 3,
    connectionTimeout: mail.timeoutMs,
    greetingTimeout: mail.timeoutMs,
    socketTimeout: mail.timeoutMs,
    dnsTimeout: mail.timeoutMs,
  });
  const queue = new MailQueue(
    jobs,
    async (m) => {
      transport ??= connect();
      await (await transport).sendMail({ from: mail.from, to: m.to, subject: m.subject, text: m.text, html: m.html, ...(m.headers ? { headers: m.headers } : {}) });
      log.info({ kind: m.kind, to: m.to }, 'mail sent');
    },
    { maxAttempts: mail.maxAttempts, retryBaseMs: mail.retryBaseMs },
  );
  return {
    outbox: null,
    queue,
    send: (m, dedupeKey) => queue.enqueue(m, dedupeKey),
    defer: work.defer,
    async idle() {
      await work.settled();
      await queue.idle();
    },
    /** Call after the job queue has stopped: a mail still being handed over needs the transport. */
    async close() {
      await work.settled();
      if (transport) (await transport).close();
    },
  };
}
