import { createHash } from 'node:crypto';
import type { EmailNotifications, Language } from '@natter/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { escapeHtml, languageFromHeader } from '../mail/templates';
import { userFromUnsubscribeToken } from './unsubscribe-token';

async function loadPreference(ctx: AppContext, userId: string): Promise<EmailNotifications> {
  const row = await ctx.db.selectFrom('users').select('missed_mail').where('id', '=', userId).executeTakeFirstOrThrow();
  return {
    missedMessages: row.missed_mail === 1,
    afterMinutes: ctx.config.missedMail.awayMs / 60_000,
    intervalMinutes: ctx.config.missedMail.intervalMs / 60_000,
  };
}

async function setPreference(ctx: AppContext, userId: string, on: boolean): Promise<void> {
  await ctx.db.updateTable('users').set({ missed_mail: on ? 1 : 0 }).where('id', '=', userId).execute();
}

const PAGE_STYLE =
  ':root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}' +
  'body{max-width:520px;margin:0 auto;padding:24px 16px;line-height:1.5}' +
  'button{font:inherit;min-height:44px;padding:8px 20px;border-radius:6px;border:0;background:#2563eb;color:#fff;cursor:pointer}' +
  'button:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}';
/** The one style block, allowed by its hash: no inline script or style is otherwise accepted. */
const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

type PageKind = 'confirm' | 'done' | 'invalid';
const COPY: Record<Language, Record<PageKind, { title: string; text: string }> & { button: string }> = {
  en: {
    confirm: { title: 'Stop missed-message emails?', text: 'You will no longer get an email about direct messages and mentions you missed while away. You can turn it back on from the Me page.' },
    done: { title: 'Unsubscribed', text: 'You will no longer get missed-message emails from Natter. You can turn them back on from the Me page.' },
    invalid: { title: 'This link does not work', text: 'The unsubscribe link is incomplete or was not made by this server. Turn the emails off from the Me page instead.' },
    button: 'Unsubscribe',
  },
  'zh-CN': {
    confirm: { title: '不再接收未读消息提醒邮件？', text: '之后你离开时错过的私信和提及将不再通过邮件提醒。你可以在“我”页面重新开启。' },
    done: { title: '已退订', text: '你将不再收到 Natter 的未读消息提醒邮件。可以在“我”页面重新开启。' },
    invalid: { title: '链接无效', text: '这个退订链接不完整，或不是本服务器生成的。请在“我”页面关闭邮件提醒。' },
    button: '退订',
  },
};

function page(reply: FastifyReply, status: number, language: Language, kind: PageKind): FastifyReply {
  const c = COPY[language];
  const form = kind === 'confirm' ? `<form method="post"><button type="submit">${escapeHtml(c.button)}</button></form>` : '';
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(c[kind].title)}</title><style>${PAGE_STYLE}</style></head><body>
<h1>${escapeHtml(c[kind].title)}</h1>
<p>${escapeHtml(c[kind].text)}</p>
${form}
</body></html>`;
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('content-security-policy', PAGE_CSP)
    .type('text/html; charset=utf-8')
    .send(html);
}

export async function missedMailRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  mountRoute(app, ctx, 'getEmailNotifications', async ({ auth }) => ({ notifications: await loadPreference(ctx, auth.userId) }));
  mountRoute(app, ctx, 'updateEmailNotifications', async ({ auth, body }) => {
    await setPreference(ctx, auth.userId, body.missedMessages);
    return { notifications: await loadPreference(ctx, auth.userId) };
  });

  /*
   * The link in the mail. It is a page for people and a one-click endpoint for mail clients
   * (RFC 8058), not part of the JSON API: the signed token is the only credential, so it needs no
   * session and no CSRF token, and opening the link (GET) changes nothing.
   */
  await app.register(async (scope) => {
    // RFC 8058's POST body is `List-Unsubscribe=One-Click`, form-encoded; only here is that accepted.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => done(null, body));
    const resolve = async (query: unknown, acceptLanguage: string | undefined) => {
      const token = typeof (query as { token?: unknown })?.token === 'string' ? (query as { token: string }).token : '';
      const userId = token.length <= 200 ? await userFromUnsubscribeToken(ctx.db, token) : null;
      const user = userId ? await ctx.db.selectFrom('users').select(['id', 'language']).where('id', '=', userId).executeTakeFirst() : undefined;
      return { userId, language: (user?.language as Language | undefined) ?? languageFromHeader(acceptLanguage) };
    };
    scope.get('/api/unsubscribe', async (req, reply) => {
      const { userId, language } = await resolve(req.query, req.headers['accept-language']);
      return page(reply, userId ? 200 : 400, language, userId ? 'confirm' : 'invalid');
    });
    scope.post('/api/unsubscribe', async (req, reply) => {
      const { userId, language } = await resolve(req.query, req.headers['accept-language']);
      if (!userId) return page(reply, 400, language, 'invalid');
      await setPreference(ctx, userId, false);
      ctx.log.info({ user: userId }, 'missed-message email turned off from the unsubscribe link');
      return page(reply, 200, language, 'done');
    });
  });
}
