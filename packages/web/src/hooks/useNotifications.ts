import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@natter/protocol';
import { conversationTitle, previewText, userName } from '../lib/conversation';
import { alreadyAsked, countSent, desktopWanted, isMuted, OFFER_AFTER_SENT, permission } from '../lib/notify-prefs';
import { deliveryFor } from '../lib/notify-route';
import { useClient } from './useClient';

/** Messages replayed after a long absence are not news: only recent ones notify. */
const FRESH_MS = 2 * 60_000;

export interface Toast {
  id: string;
  conversationId: string;
  title: string;
  body: string;
}

function hidden(): boolean {
  return document.visibilityState === 'hidden';
}

function showDesktop(title: string, body: string, tag: string, onClick: () => void): Notification | null {
  try {
    const n = new Notification(title, { body, tag, icon: './icons/icon-192.png' });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
    return n;
  } catch {
    // Some browsers allow notifications only from a service worker; the title and badge still tell.
    return null;
  }
}

/**
 * New messages and friend requests: a desktop notification while the tab is hidden (if turned on and
 * not muted), an in-app toast for other conversations while it is visible. Once the person has sent
 * a few messages, the conversation list offers to turn desktop notifications on.
 */
export function useNotifications(activeId: string | null, onOpen: (id: string) => void, onShowContacts: () => void) {
  const { t } = useTranslation();
  const client = useClient();
  const [toast, setToast] = useState<Toast | null>(null);
  const [offer, setOffer] = useState(false);
  const latest = useRef({ activeId, onOpen, onShowContacts, t });
  useEffect(() => {
    latest.current = { activeId, onOpen, onShowContacts, t };
  });

  useEffect(() => {
    /** The desktop notification showing each message, so a message deleted meanwhile takes its text away. */
    const desktop = new Map<string, Notification>();
    const onMessage = (m: Message) => {
      const { t: tr, activeId: active, onOpen: open } = latest.current;
      const fromMe = m.sender.id === client.user?.id;
      const fresh = Date.now() - m.createdAt <= FRESH_MS;
      if (fromMe && fresh && !alreadyAsked() && permission() === 'default' && countSent() >= OFFER_AFTER_SENT) setOffer(true);
      const delivery = deliveryFor({
        fromMe,
        fresh,
        muted: isMuted(m.conversationId),
        hidden: hidden(),
        wanted: desktopWanted(),
        permission: permission(),
        open: m.conversationId === active,
      });
      if (delivery === 'none') return;
      const conversation = client.store.getSnapshot().conversations.find((c) => c.id === m.conversationId);
      const sender = userName(m.sender, tr);
      const title =
        conversation?.kind === 'room' ? tr('notify.inRoom', { name: sender, room: conversationTitle(conversation, tr) }) : sender;
      const body = previewText(m.body);
      if (delivery === 'desktop') {
        const n = showDesktop(title, body, m.conversationId, () => open(m.conversationId));
        if (n) {
          desktop.set(m.id, n);
          n.addEventListener('close', () => desktop.delete(m.id));
        }
      } else setToast({ id: m.id, conversationId: m.conversationId, title, body });
    };
    const offMessage = client.on('message', onMessage);
    const offDeleted = client.on('message_deleted', ({ messageId }) => {
      desktop.get(messageId)?.close();
      setToast((shown) => (shown?.id === messageId ? null : shown));
    });
    const offFrame = client.on('frame', (f) => {
      if (f.type !== 'friend_request' || f.request.to.id !== client.user?.id || !hidden()) return;
      if (!desktopWanted() || permission() !== 'granted') return;
      const { t: tr, onShowContacts: show } = latest.current;
      showDesktop(tr('notify.friendRequest', { name: f.request.from.username }), f.request.message ?? '', `request-${f.request.id}`, show);
    });
    return () => {
      offMessage();
      offDeleted();
      offFrame();
    };
  }, [client]);

  const dismissToast = useCallback(() => setToast(null), []);
  const closeOffer = useCallback(() => setOffer(false), []);
  return { toast, dismissToast, offer, closeOffer };
}
