import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Me, Message } from '@natter/protocol';
import { initI18n } from '../../i18n';
import { LONG_PRESS_MS } from '../../hooks/useLongPress';
import type { MessageActionHandlers } from '../../lib/message-actions';
import { MessageGroup, type Entry } from '../MessageGroup';
import type { MessageInteraction } from './MessageItem';
import { useMessageMenu } from './useMessageMenu';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const me = { id: 'u1', username: 'maria', createdAt: 0, isAdmin: false } as Me;
const at = new Date(2026, 10, 21, 9, 30).getTime();

function sent(id: string, body: string): Entry {
  const message = { id, conversationId: 'c1', seq: 1, sender: { id: 'u1', username: 'maria' }, body, clientMsgId: null, createdAt: at, attachments: [] } as Message;
  return { key: id, senderId: 'u1', createdAt: at, message };
}

/** The list's part of the wiring: the menu hook and a roving tab stop. */
function Harness({ entries, handlers }: { entries: Entry[]; handlers: MessageActionHandlers }) {
  const menu = useMessageMenu(me, handlers);
  const [active, setActive] = useState<string | null>(null);
  const interaction: MessageInteraction = {
    me,
    actionsFor: menu.actionsFor,
    open: menu.open,
    openFor: menu.openFor,
    notice: menu.notice,
    tabStopKey: active ?? entries[entries.length - 1]!.key,
    onFocusEntry: setActive,
    renderers: {},
  };
  return (
    <div role="log">
      <MessageGroup entries={entries} mine me={me} onRetry={() => undefined} interaction={interaction} />
      {menu.element}
    </div>
  );
}

let root: Root | null = null;
let host: HTMLElement;

function render(entries: Entry[], handlers: MessageActionHandlers) {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root?.render(<Harness entries={entries} handlers={handlers} />));
}

const messageEl = (id: string) => host.querySelector<HTMLElement>(`[data-entry-key="${id}"]`)!;
const menuItems = () => [...document.querySelectorAll<HTMLElement>('[role="menu"] [role="menuitem"]')];
const key = (el: Element, k: string, extra: KeyboardEventInit = {}) =>
  act(() => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ...extra }));
  });

beforeAll(() => {
  localStorage.setItem('natter.lang', 'en');
  initI18n();
});

afterEach(() => {
  act(() => root?.unmount());
  host.remove();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the message actions menu', () => {
  it('opens from the keyboard, moves with the arrows and gives focus back on Escape', () => {
    render([sent('m1', 'one'), sent('m2', 'two')], { copy: () => 'Copied', delete: () => undefined });
    // One message in the Tab order; the arrows move between messages.
    expect(messageEl('m2').tabIndex).toBe(0);
    expect(messageEl('m1').tabIndex).toBe(-1);
    act(() => messageEl('m2').focus());
    key(messageEl('m2'), 'ArrowUp');
    expect(document.activeElement).toBe(messageEl('m1'));
    expect(messageEl('m1').tabIndex).toBe(0);

    key(messageEl('m1'), 'Enter');
    expect(menuItems().map((b) => b.textContent)).toEqual(['Copy text', 'Delete']);
    expect(document.activeElement).toBe(menuItems()[0]);
    key(menuItems()[0]!, 'ArrowDown');
    expect(document.activeElement).toBe(menuItems()[1]);
    key(menuItems()[1]!, 'ArrowDown');
    expect(document.activeElement).toBe(menuItems()[0]);
    key(menuItems()[0]!, 'Escape');
    expect(menuItems()).toHaveLength(0);
    expect(document.activeElement).toBe(messageEl('m1'));

    key(messageEl('m1'), 'F10', { shiftKey: true });
    expect(menuItems()).toHaveLength(2);
  });

  it('asks before deleting, runs the action on its message, and shows why it failed', async () => {
    const deleted: string[] = [];
    const asked: string[] = [];
    vi.stubGlobal('confirm', (question: string) => asked.push(question) > 0);
    render([sent('m1', 'one')], {
      delete: (m) => {
        deleted.push(m.id);
        throw Object.assign(new Error('gone'), { code: 'not_found' });
      },
    });
    act(() => messageEl('m1').querySelector<HTMLElement>('.message-actions-trigger')!.click());
    await act(async () => menuItems()[0]!.click());
    expect(asked).toEqual(['Delete this message for everyone? Its files are deleted too.']);
    expect(deleted).toEqual(['m1']);
    expect(messageEl('m1').querySelector('[role="alert"]')?.textContent).toBeTruthy();
    expect(menuItems()).toHaveLength(0);
  });

  it('shows what an action says, then lets it go', async () => {
    vi.useFakeTimers();
    render([sent('m1', 'one')], { copy: () => 'Copied' });
    act(() => messageEl('m1').querySelector<HTMLElement>('.message-actions-trigger')!.click());
    await act(async () => menuItems()[0]!.click());
    expect(messageEl('m1').querySelector('[role="status"]')?.textContent).toBe('Copied');
    act(() => vi.advanceTimersByTime(3000));
    expect(messageEl('m1').querySelector('[role="status"]')).toBeNull();
  });

  it('opens on a long touch, not on a short one or a scroll', () => {
    vi.useFakeTimers();
    render([sent('m1', 'one')], { copy: () => 'Copied' });
    const el = messageEl('m1');
    const touch = (type: string, x = 10, y = 10) =>
      act(() => {
        el.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerType: 'touch', clientX: x, clientY: y }));
      });
    touch('pointerdown');
    act(() => vi.advanceTimersByTime(LONG_PRESS_MS / 2));
    touch('pointerup');
    act(() => vi.advanceTimersByTime(LONG_PRESS_MS));
    expect(menuItems()).toHaveLength(0);

    touch('pointerdown');
    touch('pointermove', 10, 60);
    act(() => vi.advanceTimersByTime(LONG_PRESS_MS * 2));
    expect(menuItems()).toHaveLength(0);

    touch('pointerdown');
    act(() => vi.advanceTimersByTime(LONG_PRESS_MS + 10));
    expect(menuItems().map((b) => b.textContent)).toEqual(['Copy text']);
  });

  it('has no button, long-press or menu when no action applies', () => {
    const deletedMessage = sent('m1', '');
    deletedMessage.message!.deleted = true;
    render([deletedMessage], { copy: () => 'Copied', delete: () => undefined });
    expect(host.querySelector('.message-actions-trigger')).toBeNull();
    key(messageEl('m1'), 'Enter');
    expect(menuItems()).toHaveLength(0);
  });
});
