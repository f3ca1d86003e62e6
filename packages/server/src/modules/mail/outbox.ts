import type { FastifyInstance } from 'fastify';
import type { OutgoingMail } from './queue';
import { escapeHtml } from './templates';

const KEEP = 50;

export interface OutboxEntry extends OutgoingMail {
  at: number;
}

/** Recent mails kept in memory when no mail server is configured, so sign-up works on a laptop. */
export class DevOutbox {
  private entries: OutboxEntry[] = [];

  add(mail: OutgoingMail, at: number): void {
    this.entries.unshift({ ...mail, at });
    this.entries.length = Math.min(this.entries.length, KEEP);
  }

  list(): readonly OutboxEntry[] {
    return this.entries;
  }
}

/** Escapes first, then turns the (already escaped) URLs into links. */
function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}

function page(entries: readonly OutboxEntry[]): string {
  const items = entries.map(
    (m) => `<article>
<h2>${escapeHtml(m.subject)}</h2>
<p class="meta">To ${escapeHtml(m.to)} · ${escapeHtml(new Date(m.at).toISOString())}</p>
<pre>${linkify(m.text)}</pre>
</article>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outbox</title>
<style>
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { max-width: 720px; margin: 0 auto; padding: 16px; line-height: 1.5; }
article { border: 1px solid #8884; border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
h2 { font-size: 1.05rem; margin: 0; } .meta { color: #888; margin: 4px 0 8px; font-size: .9rem; }
pre { white-space: pre-wrap; word-break: break-all; font: inherit; margin: 0; }
</style></head><body>
<h1>Outbox</h1>
<p>No mail server is configured, so mails are kept here (newest first, last ${KEEP}) instead of being sent. Set SMTP_URL to send real mail.</p>
${items.join('\n') || '<p>No mails yet.</p>'}
</body></html>`;
}

export function outboxRoutes(app: FastifyInstance, outbox: DevOutbox): void {
  app.get('/api/dev/outbox', async (_req, reply) => {
    void reply.header('cache-control', 'no-store').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return reply.type('text/html; charset=utf-8').send(page(outbox.list()));
  });
}
