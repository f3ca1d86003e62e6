import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NatterError } from '@natter/sdk';
import { initI18n, setLanguage } from '../../i18n';
import type { PendingMessage } from '../../lib/client';
import { PendingState } from './MessageItem';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let host: HTMLElement;

function render(pending: PendingMessage) {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root?.render(<PendingState pending={pending} onRetry={() => undefined} />));
  return host.textContent ?? '';
}

const full = new NatterError('storage_full', 'the server is out of space, try again later', { retryable: true });
const base = { clientMsgId: 'c1', conversationId: 'k1', body: 'hi', createdAt: 0 };

beforeAll(() => {
  initI18n();
});
afterEach(() => {
  act(() => root?.unmount());
  host.remove();
  setLanguage('en');
});

describe('a send the server refused for want of space', () => {
  it('still sending (retried by itself) says the server is out of space, in English and Chinese', () => {
    setLanguage('en');
    expect(render({ ...base, state: 'sending', error: full })).toContain('The server is out of space');
    act(() => root?.unmount());
    host.remove();
    setLanguage('zh-CN');
    expect(render({ ...base, state: 'sending', error: full })).toContain('服务器存储空间已满');
  });

  it('failed says why', () => {
    expect(render({ ...base, state: 'failed', error: full })).toContain('The server is out of space. Try again later.');
  });

  it('a plain send shows only "Sending…"', () => {
    expect(render({ ...base, state: 'sending' })).toBe('Sending…');
  });
});
