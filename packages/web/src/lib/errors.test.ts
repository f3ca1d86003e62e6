import { describe, expect, it } from 'vitest';
import { issuesByField, readError } from './errors';

describe('readError', () => {
  it('reads code and issues from an API error', () => {
    const err = Object.assign(new Error('bad'), {
      code: 'validation_failed',
      issues: [
        { path: 'username', message: 'too short' },
        { path: 'password', message: 'too short' },
      ],
    });
    expect(readError(err).code).toBe('validation_failed');
    expect(issuesByField(err)).toEqual({ username: ['too short'], password: ['too short'] });
  });

  it('calls anything without a code a network problem', () => {
    expect(readError(new TypeError('Failed to fetch')).code).toBe('network');
    expect(readError('boom').code).toBe('network');
    expect(issuesByField(null)).toEqual({});
  });
});

describe('errorText', () => {
  it('uses the sentence for a known code and the generic one otherwise, in each language', async () => {
    const { createInstance } = await import('i18next');
    const { en } = await import('../i18n/en');
    const { zhCN } = await import('../i18n/zh-CN');
    const i18n = createInstance();
    await i18n.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: 'en' });
    const { errorText } = await import('./errors');
    expect(errorText({ code: 'username_taken' }, i18n.t)).toBe(en.errors.username_taken);
    expect(errorText({ code: 'no_such_code' }, i18n.t)).toBe(en.errors.generic);
    await i18n.changeLanguage('zh-CN');
    expect(errorText({ code: 'no_such_code' }, i18n.t)).toBe(zhCN.errors.generic);
  });
});
