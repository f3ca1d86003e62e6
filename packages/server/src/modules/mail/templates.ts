import type { Language } from '@natter/protocol';

export type MailKind = 'verify_email' | 'reset_password';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

interface Copy {
  subject: string;
  greeting: string;
  lines: string[];
  action: string;
  ignore: string;
}

type Vars = { username: string; link: string; email: string };

const COPY: Record<Language, Record<MailKind, (v: Vars) => Copy>> = {
  en: {
    verify_email: (v) => ({
      subject: 'Confirm your email address for Natter',
      greeting: `Hi ${v.username},`,
      lines: [`Please confirm that ${v.email} is your address by opening this link. It works once and expires in 24 hours.`],
      action: 'Confirm my address',
      ignore: 'If you did not sign up for Natter or change your address, ignore this mail.',
    }),
    reset_password: (v) => ({
      subject: 'Reset your Natter password',
      greeting: `Hi ${v.username},`,
      lines: ['Someone asked to reset the password of your Natter account. Open this link to choose a new one. It works once and expires in 30 minutes.', 'Setting a new password logs out every other device.'],
      action: 'Choose a new password',
      ignore: 'If you did not ask for this, ignore this mail: your password stays as it is.',
    }),
  },
  'zh-CN': {
    verify_email: (v) => ({
      subject: '请确认你在 Natter 的邮箱地址',
      greeting: `${v.username}，你好：`,
      lines: [`请打开下面的链接，确认 ${v.email} 是你的邮箱。链接只能使用一次，24 小时内有效。`],
      action: '确认我的邮箱',
      ignore: '如果你没有注册 Natter，也没有更改邮箱，请忽略这封邮件。',
    }),
    reset_password: (v) => ({
      subject: '重置你的 Natter 密码',
      greeting: `${v.username}，你好：`,
      lines: ['有人请求重置你的 Natter 账号密码。打开下面的链接即可设置新密码。链接只能使用一次，30 分钟内有效。', '设置新密码后，其他所有设备都会退出登录。'],
      action: '设置新密码',
      ignore: '如果这不是你本人的请求，请忽略这封邮件，你的密码不会改变。',
    }),
  },
};

/** Plain text and a simple HTML part; every value that came from a user is escaped in the HTML. */
export function renderMail(kind: MailKind, language: Language, vars: Vars): MailContent {
  const c = COPY[language][kind](vars);
  const text = [c.greeting, '', ...c.lines, '', vars.link, '', c.ignore, '', '— Natter', ''].join('\n');
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(c.subject)}</title></head>`,
    '<body style="font-family:system-ui,-apple-system,\'Segoe UI\',sans-serif;line-height:1.5;color:#1f2328;background:#ffffff;margin:0;padding:24px">',
    '<div style="max-width:520px;margin:0 auto">',
    p(c.greeting),
    ...c.lines.map(p),
    `<p style="margin:24px 0"><a href="${escapeHtml(vars.link)}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px">${escapeHtml(c.action)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#57606a;word-break:break-all">${escapeHtml(vars.link)}</p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#57606a">${escapeHtml(c.ignore)}</p>`,
    '</div></body></html>',
  ].join('\n');
  return { subject: c.subject, text, html };
}

/** zh* in Accept-Language (by preference order) picks Chinese; anything else English. */
export function languageFromHeader(header: string | undefined): Language {
  const tags = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((t) => t.tag && t.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of tags) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
