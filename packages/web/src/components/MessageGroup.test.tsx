import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Me, Message } from '@natter/protocol';
import { initI18n } from '../i18n';
import type { PendingMessage } from '../lib/client';
import { MessageGroup, type Entry } from './MessageGroup';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const me: Me = { id: 'u1', username: 'maria', createdAt: 0, isAdmin: false } as Me;
const at = new Date(2026, 10, 21, 9, 30).getTime();

function sent(id: string, body: string): Entry {
  const message = { id, conversationId: 'c1', seq: 1, sender: { id: 'u1', username: 'maria' }, body, clientMsgId: null, createdAt: at } as Message;
  return { key: id, senderId: 'u1', createdAt: at, message };
}

function pending(clientMsgId: string, state: PendingMessage['state']): Entry {
  const p = { clientMsgId, conversationId: 'c1', body: `pending ${clientMsgId}`, createdAt: at, state } as PendingMessage;
  return { key: `pending-${clientMsgId}`, senderId: 'u1', createdAt: at, pending: p };
}

let root: Root | null = null;
let host: HTMLElement;

function render(entries: Entry[], onRetry: (id: string) => void = () => undefined) {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root?.render(<MessageGroup entries={entries} mine me={me} onRetry={onRetry} />));
}

beforeAll(() => {
  localStorage.setItem('natter.lang', 'en');
  initI18n();
});

afterEach(() => {
  act(() => root?.unmount());
  host.remove();
});

describe('MessageGroup', () => {
  it('shows user text as text, never as markup', () => {
    render([sent('m1', '<img src=x onerror=alert(1)> <b>hi</b>')]);
    expect(host.querySelector('img')).toBeNull();
    expect(host.querySelector('b')).toBeNull();
    expect(host.textContent).toContain('<b>hi</b>');
  });

  it('marks sending messages and offers a retry for failed ones', () => {
    const retried: string[] = [];
    render([sent('m1', 'delivered'), pending('aaaaaaaa', 'sending'), pending('bbbbbbbb', 'failed')], (id) => retried.push(id));
    expect(host.textContent).toContain('Sending…');
    expect(host.querySelector('[role="alert"]')?.textContent).toContain('Not sent');
    const retry = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Retry');
    expect(retry).toBeDefined();
    act(() => retry?.click());
    expect(retried).toEqual(['bbbbbbbb']);
  });

  it('names the sender once for the whole group', () => {
    render([sent('m1', 'one'), sent('m2', 'two')]);
    expect(host.querySelectorAll('.sender')).toHaveLength(1);
    expect(host.querySelectorAll('.message-body')).toHaveLength(2);
  });
});
