import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../src/config';
import { appBaseUrl, appLink } from '../src/modules/mail/links';
import { languageFromHeader, renderMail } from '../src/modules/mail/templates';

describe('mail configuration', () => {
  it('reads SMTP_URL, with TLS from the start for smtps:// and escaped credentials', () => {
    const { mail } = configFromEnv({ SMTP_URL: 'smtps://me%40example.com:p%40ss%2Fw@smtp.example.com', PUBLIC_URL: 'https://chat.example.com' });
    expect(mail.smtp).toEqual({ host: 'smtp.example.com', port: 465, secure: true, auth: { user: 'me@example.com', pass: 'p@ss/w' } });
    expect(mail.from).toBe('Natter <me@example.com>');
    expect(mail.verification).toBe('optional');
  });

  it('reads SMTP_HOST and friends; port 465 means TLS unless SMTP_SECURE says otherwise', () => {
    const parts = { SMTP_HOST: 'smtp.example.com', SMTP_USER: 'bot', SMTP_PASSWORD: 'secret', MAIL_FROM: 'Chat <chat@example.com>' };
    expect(configFromEnv({ ...parts, SMTP_PORT: '465' }).mail.smtp).toMatchObject({ port: 465, secure: true, auth: { user: 'bot', pass: 'secret' } });
    expect(configFromEnv({ ...parts }).mail.smtp).toMatchObject({ port: 587, secure: false });
    expect(configFromEnv({ ...parts, SMTP_PORT: '2525', SMTP_SECURE: 'true' }).mail.smtp).toMatchObject({ port: 2525, secure: true });
    expect(configFromEnv(parts).mail.from).toBe('Chat <chat@example.com>');
  });

  it('without SMTP, mails stay local; bad values are named', () => {
    expect(configFromEnv({}).mail.smtp).toBeNull();
    expect(() => configFromEnv({ SMTP_URL: 'http://x' })).toThrow(/SMTP_URL/);
    expect(() => configFromEnv({ EMAIL_VERIFICATION: 'sometimes' })).toThrow(/EMAIL_VERIFICATION/);
  });

  it('in production, real mail needs PUBLIC_URL so links never come from a Host header', () => {
    expect(() => configFromEnv({ NODE_ENV: 'production', SMTP_URL: 'smtp://h:25' })).toThrow(ConfigError);
    expect(() => configFromEnv({ NODE_ENV: 'production', SMTP_URL: 'smtp://h:25' })).toThrow(/PUBLIC_URL/);
    expect(configFromEnv({ NODE_ENV: 'production', SMTP_URL: 'smtp://h:25', PUBLIC_URL: 'https://c.example' }).mail.smtp?.host).toBe('h');
  });
});

describe('links in mails', () => {
  const req = { protocol: 'http', host: 'laptop:3000' } as never;
  it('append BASE_PATH to PUBLIC_URL unless it is already there', () => {
    expect(appBaseUrl(configFromEnv({ PUBLIC_URL: 'https://c.example', BASE_PATH: '/chat' }), req)).toBe('https://c.example/chat');
    expect(appBaseUrl(configFromEnv({ PUBLIC_URL: 'https://c.example/chat/', BASE_PATH: '/chat' }), req)).toBe('https://c.example/chat');
    expect(appBaseUrl(configFromEnv({ PUBLIC_URL: 'https://c.example/' }), req)).toBe('https://c.example');
  });

  it('fall back to the address the request came to', () => {
    expect(appBaseUrl(configFromEnv({ BASE_PATH: '/chat' }), req)).toBe('http://laptop:3000/chat');
    expect(appLink('http://laptop:3000/chat', 'verify-email', 'abc')).toBe('http://laptop:3000/chat/#/verify-email/abc');
  });
});

describe('mail templates', () => {
  it('escape everything that came from a user in the HTML part', () => {
    const mail = renderMail('verify_email', 'en', { username: '<b>x</b>', email: 'a"b@example.com', link: 'https://c.example/#/verify-email/t?a=1&b=<2>' });
    expect(mail.html).not.toContain('<b>x</b>');
    expect(mail.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(mail.html).toContain('a&quot;b@example.com');
    expect(mail.html).toContain('href="https://c.example/#/verify-email/t?a=1&amp;b=&lt;2&gt;"');
    expect(mail.text).toContain('https://c.example/#/verify-email/t?a=1&b=<2>');
  });

  it('exist in English and Chinese', () => {
    const vars = { username: 'ann', email: 'a@example.com', link: 'https://c.example/#/reset-password/t' };
    expect(renderMail('reset_password', 'en', vars).subject).toBe('Reset your Natter password');
    expect(renderMail('reset_password', 'zh-CN', vars).subject).toBe('重置你的 Natter 密码');
    expect(renderMail('reset_password', 'zh-CN', vars).html).toContain('lang="zh-CN"');
  });

  it('pick the language from Accept-Language by preference', () => {
    expect(languageFromHeader('zh-TW,zh;q=0.9')).toBe('zh-CN');
    expect(languageFromHeader('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(languageFromHeader('fr;q=0.9, zh-CN;q=0.5')).toBe('zh-CN');
    expect(languageFromHeader('zh;q=0, de')).toBe('en');
    expect(languageFromHeader(undefined)).toBe('en');
  });
});
