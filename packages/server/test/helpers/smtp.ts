import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string[];
  subject: string;
  /** Content-Type of the whole message. */
  contentType: string;
  text: string;
  html: string;
  /** Top-level headers, names lower-cased, folded lines joined. */
  headers: Record<string, string>;
}

/**
 * accept: take every mail. reject_rcpt: 550 for every recipient. defer_data: 451 after DATA
 * (a temporary failure). hang: accept the TCP connection and never say a word.
 */
export type SmtpMode = 'accept' | 'reject_rcpt' | 'defer_data' | 'hang';

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export class TestSmtp {
  mode: SmtpMode = 'accept';
  readonly mails: CapturedMail[] = [];
  /** Sessions that reached RCPT or DATA and were refused. */
  refused = 0;
  private waiters: { match: (m: CapturedMail) => boolean; resolve: (m: CapturedMail) => void }[] = [];
  private hung: (() => void)[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<TestSmtp> {
    // The callbacks below run only after start() has assigned it.
    const ref: { self?: TestSmtp } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 200,
      onConnect(_session, callback) {
        if (ref.self?.mode === 'hang') {
          ref.self.hung.push(() => callback(new Error('closing')));
          return;
        }
        callback();
      },
      onRcptTo(_address, _session, callback) {
        if (ref.self?.mode === 'reject_rcpt') {
          ref.self.refused++;
          return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (ref.self?.mode === 'defer_data') {
            ref.self.refused++;
            return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          }
          const mail = parseMail(Buffer.concat(chunks).toString('latin1'), session.envelope.rcptTo.map((r) => r.address));
          ref.self?.received(mail);
          callback();
        });
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
    ref.self = new TestSmtp(server, port);
    return ref.self;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The first mail (already received or coming) that matches. */
  waitFor(match: (m: CapturedMail) => boolean, timeoutMs = 10_000): Promise<CapturedMail> {
    const seen = this.mails.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching mail within ${timeoutMs} ms; got ${this.mails.length}`)), timeoutMs);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  to(address: string): CapturedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  async close(): Promise<void> {
    for (const release of this.hung.splice(0)) release();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private received(mail: CapturedMail): void {
    this.mails.push(mail);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(mail)) return true;
      w.resolve(mail);
      return false;
    });
  }
}

/** The token from a link in the mail's text part. */
export function linkToken(mail: CapturedMail, route: 'verify-email' | 'reset-password'): string {
  const m = new RegExp(`/#/${route}/([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!m?.[1]) throw new Error(`no ${route} link in:\n${mail.text}`);
  return m[1];
}

/* ---- just enough MIME to read what nodemailer writes ---- */

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const at = raw.indexOf('\r\n\r\n');
  const head = at < 0 ? raw : raw.slice(0, at);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: at < 0 ? '' : raw.slice(at + 4) };
}

function decodeBody(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') {
    bytes = Buffer.from(part.body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  } else bytes = Buffer.from(part.body, 'latin1');
  return bytes.toString('utf8');
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_, _charset: string, kind: string, data: string) => {
    if (kind.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
    const latin = data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(latin, 'latin1').toString('utf8');
  });
}

function leaves(part: Part): Part[] {
  const type = part.headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith('multipart/') || !boundary) return [part];
  return part.body
    .split(`--${boundary}`)
    .slice(1)
    .filter((chunk) => !chunk.startsWith('--'))
    .flatMap((chunk) => leaves(splitPart(chunk.replace(/^\r\n/, ''))));
}

function parseMail(raw: string, to: string[]): CapturedMail {
  const top = splitPart(raw);
  const parts = leaves(top);
  const find = (t: string) => parts.find((p) => (p.headers['content-type'] ?? 'text/plain').toLowerCase().startsWith(t));
  const text = find('text/plain');
  const html = find('text/html');
  return {
    to,
    subject: decodeWords(top.headers.subject ?? ''),
    contentType: top.headers['content-type'] ?? '',
    text: text ? decodeBody(text) : '',
    html: html ? decodeBody(html) : '',
    headers: top.headers,
  };
}
