import type { Language } from '@natter/protocol';
import { escapeHtml, type MailContent } from '../mail/templates';
import type { MissedMessage } from './queries';

/** Listed in full; more are counted. */
export const MISSED_LISTED = 20;
const EXCERPT_LINES = 3;
const EXCERPT_CHARS = 200;

interface Copy {
  subject: (n: number) => string;
  greeting: (name: string) => string;
  intro: string;
  where: (m: MissedMessage) => string;
  files: string;
  open: string;
  more: (n: number) => string;
  why: string;
  unsubscribe: string;
}

const COPY: Record<Language, Copy> = {
  en: {
    subject: (n) => (n === 1 ? 'You have an unread message on Natter' : `You have ${n} unread messages on Natter`),
    greeting: (name) => `Hi ${name},`,
    intro: 'While you were away:',
    where: (m) => (m.roomName ? `${m.sender} in #${m.roomName}` : `${m.sender} (direct message)`),
    files: '(files)',
    open: 'Open',
    more: (n) => `…and ${n} more.`,
    why: 'You get this email because you were away from Natter with unread direct messages or mentions. You get at most one such email per interval, and never twice for the same message.',
    unsubscribe: 'Stop these emails',
  },
  'zh-CN': {
    subject: (n) => `你在 Natter 有 ${n} 条未读消息`,
    greeting: (name) => `${name}，你好：`,
    intro: '你离开期间收到了这些消息：',
    where: (m) => (m.roomName ? `${m.sender} 在 #${m.roomName}` : `${m.sender}（私信）`),
    files: '（文件）',
    open: '打开',
    more: (n) => `……还有 ${n} 条。`,
    why: '你离开 Natter 时有未读的私信或提及，所以收到这封邮件。每个间隔最多发送一封，同一条消息不会重复提醒。',
    unsubscribe: '不再接收这类邮件',
  },
};

/** The first few lines of the message as typed (its Markdown marks left as they are). */
export function excerpt(body: string, files: string): string {
  const lines = body.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  let text = lines.slice(0, EXCERPT_LINES).join('\n');
  const cut = text.length > EXCERPT_CHARS || lines.length > EXCERPT_LINES;
  if (text.length > EXCERPT_CHARS) text = [...text].slice(0, EXCERPT_CHARS).join('');
  if (!text) return files;
  return cut ? `${text}…` : text;
}

export interface MissedMailVars {
  username: string;
  messages: MissedMessage[];
  link: (m: MissedMessage) => string;
  unsubscribeUrl: string;
}

/** Plain text and HTML; every value that came from a user is escaped in the HTML. */
export function renderMissedMail(language: Language, v: MissedMailVars): MailContent {
  const c = COPY[language];
  const listed = v.messages.slice(0, MISSED_LISTED);
  const rest = v.messages.length - listed.length;
  const text = [
    c.greeting(v.username),
    '',
    c.intro,
    '',
    ...listed.flatMap((m) => [c.where(m), ...excerpt(m.body, m.hasFiles ? c.files : '').split('\n').map((l) => `  ${l}`), `  ${v.link(m)}`, '']),
    ...(rest > 0 ? [c.more(rest), ''] : []),
    c.why,
    `${c.unsubscribe}: ${v.unsubscribeUrl}`,
    '',
    '— Natter',
    '',
  ].join('\n');
  const muted = 'margin:0 0 16px;font-size:13px;color:#57606a';
  const items = listed.map(
    (m) => `<div style="border-left:3px solid #2563eb;padding:4px 0 4px 12px;margin:0 0 16px">
<p style="margin:0;font-weight:600">${escapeHtml(c.where(m))}</p>
<p style="margin:4px 0;white-space:pre-wrap">${escapeHtml(excerpt(m.body, m.hasFiles ? c.files : ''))}</p>
<p style="margin:0"><a href="${escapeHtml(v.link(m))}" style="color:#2563eb">${escapeHtml(c.open)}</a></p>
</div>`,
  );
  const html = [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(c.subject(v.messages.length))}</title></head>`,
    '<body style="font-family:system-ui,-apple-system,\'Segoe UI\',sans-serif;line-height:1.5;color:#1f2328;background:#ffffff;margin:0;padding:24px">',
    '<div style="max-width:520px;margin:0 auto">',
    `<p style="margin:0 0 16px">${escapeHtml(c.greeting(v.username))}</p>`,
    `<p style="margin:0 0 16px">${escapeHtml(c.intro)}</p>`,
    ...items,
    ...(rest > 0 ? [`<p style="margin:0 0 16px">${escapeHtml(c.more(rest))}</p>`] : []),
    `<p style="${muted}">${escapeHtml(c.why)}</p>`,
    `<p style="${muted}"><a href="${escapeHtml(v.unsubscribeUrl)}" style="color:#57606a">${escapeHtml(c.unsubscribe)}</a></p>`,
    '</div></body></html>',
  ].join('\n');
  return { subject: c.subject(v.messages.length), text, html };
}
