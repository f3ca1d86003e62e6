import type { FastifyBaseLogger } from 'fastify';
import type { Transporter } from 'nodemailer';
import type { Config } from '../../config';
import { DevOutbox } from './outbox';
import { MailQueue, type OutgoingMail } from './queue';

export interface Mailer {
  /** Returns at once; delivery happens in the background. */
  send(mail: OutgoingMail): void;
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

export function createMailer(config: Config, log: FastifyBaseLogger, now: () => number): Mailer {
  const { mail } = config;
  const work = background(log);
  if (!mail.smtp) {
    const outbox = config.env === 'production' ? null : new DevOutbox();
    return {
      outbox,
      queue: null,
      send(m) {
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
    async (m) => {
      transport ??= connect();
      await (await transport).sendMail({ from: mail.from, to: m.to, subject: m.subject, text: m.text, html: m.html });
    },
    { maxAttempts: mail.maxAttempts, retryBaseMs: mail.retryBaseMs },
    log,
  );
  return {
    outbox: null,
    queue,
    send: (m) => queue.enqueue(m),
    defer: work.defer,
    async idle() {
      await work.settled();
      await queue.idle();
    },
    async close() {
      await work.settled();
      queue.close();
      if (transport) (await transport).close();
    },
  };
}
