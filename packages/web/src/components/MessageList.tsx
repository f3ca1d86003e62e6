import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Conversation, Me, Message, UserRef } from '@natter/protocol';
import { useClient } from '../hooks/useClient';
import { useLimits } from '../hooks/useLimits';
import { useHistoryScroll, type RowAnchor } from '../hooks/useHistoryScroll';
import { useNow } from '../hooks/useNow';
import { useSnapshot } from '../hooks/useSnapshot';
import type { PendingMessage } from '../lib/client';
import { formatDayLabel } from '../lib/format';
import { groupBySenderAndDay } from '../lib/grouping';
import { errorText } from '../lib/errors';
import { lastReadByPeer } from '../lib/receipts';
import { rememberEmoji } from '../lib/recent-emoji';
import { countNewer, estimateRowHeight, toVirtualRows } from '../lib/virtual-rows';
import { DownIcon } from './Icons';
import { MessageGroup, type Entry } from './MessageGroup';
import type { MessageInteraction } from './messages/MessageItem';
import { useMentionRenderers } from './messages/mentions';
import type { ReactionHandlers } from './messages/MessageExtras';
import { ReactionPicker } from './messages/ReactionPicker';
import { useJumpToMessage, type JumpTarget } from './messages/useJumpToMessage';
import { useMessageHandlers } from './messages/useMessageHandlers';
import { VersionsDialog } from './messages/VersionsDialog';
import { WhoReactedDialog } from './messages/WhoReactedDialog';
import { useMessageMenu } from './messages/useMessageMenu';
import '../styles/message-list.css';
import '../styles/message-bubbles.css';
import '../styles/conversation-tools.css';

const EMPTY_MESSAGES: Message[] = [];
const EMPTY_PENDING: PendingMessage[] = [];
/** Height of .history-edge, which sits above the virtual rows in the same scroller. */
const HISTORY_EDGE_PX = 48;

/** What the conversation around the list lends it: answering, forwarding, the people, a jump asked from outside. */
export interface ListSurroundings {
  reply?: (message: Message) => void;
  forward?: (message: Message) => void;
  members: UserRef[];
  /** A message to jump to (a pin was clicked); `n` makes asking twice for the same one a new request. */
  jump?: (JumpTarget & { n: number }) | null;
}

export function MessageList({ conversation, me, around }: { conversation: Conversation; me: Me; around?: ListSurroundings }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const snapshot = useSnapshot();
  const now = useNow(60_000);
  const messages = snapshot.messages[conversation.id] ?? EMPTY_MESSAGES;
  const pending = snapshot.pending[conversation.id] ?? EMPTY_PENDING;
  const hasMore = snapshot.hasMoreBefore[conversation.id];

  const entries = useMemo<Entry[]>(() => {
    const sent: Entry[] = messages.map((m) => ({ key: m.id, senderId: m.sender.id, createdAt: m.createdAt, message: m }));
    const waiting: Entry[] = pending.map((p) => ({
      key: `pending-${p.clientMsgId}`,
      senderId: me.id,
      createdAt: p.createdAt,
      pending: p,
    }));
    return [...sent, ...waiting];
  }, [messages, pending, me.id]);
  const rows = useMemo(() => toVirtualRows(groupBySenderAndDay(entries)), [entries]);
  const readReceiptId = useMemo(() => lastReadByPeer(conversation, messages, me.id), [conversation, messages, me.id]);

  // The project does not use the React Compiler; the virtualizer re-renders this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => containerRef.current,
    estimateSize: (i) => estimateRowHeight(rows[i]!),
    getItemKey: (i) => rows[i]!.key,
    overscan: 8,
    scrollMargin: HISTORY_EDGE_PX,
  });
  const totalSize = virtualizer.getTotalSize();
  const rowsRef = useRef(rows);
  useLayoutEffect(() => {
    rowsRef.current = rows;
  });
  // The row kept in place while older pages go in: the first one below the first group, whose key
  // survives a prepend (the first group may merge with older messages of the same sender).
  const rowAnchor = useMemo<RowAnchor>(
    () => ({
      capture() {
        const el = containerRef.current;
        if (!el) return null;
        const firstGroup = rowsRef.current.findIndex((r) => r.type === 'group');
        // From all rows, not the rendered range: that may still be the one before the last scroll.
        virtualizer.getTotalSize();
        const item = virtualizer.measurementsCache.find((i) => i.index > firstGroup && i.end > el.scrollTop);
        return item ? { key: String(item.key), delta: item.start - el.scrollTop } : null;
      },
      restore(at) {
        const el = containerRef.current;
        const index = rowsRef.current.findIndex((r) => r.key === at.key);
        if (!el || index < 0) return;
        virtualizer.getTotalSize(); // brings the measurements up to date with rows measured since the render
        const start = virtualizer.measurementsCache[index]?.start;
        if (start !== undefined) el.scrollTop = start - at.delta;
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the virtualizer instance is stable; the ref is read late
    [virtualizer],
  );

  const { containerRef, onScroll, loadOlder, jumpToLatest, atBottom, loadingOlder, firstPageLoaded } = useHistoryScroll({
    conversationId: conversation.id,
    firstKey: entries[0]?.key ?? null,
    lastKey: entries[entries.length - 1]?.key ?? null,
    lastIsMine: entries[entries.length - 1]?.senderId === me.id,
    hasMore: hasMore !== false,
    oldestSeq: messages[0]?.seq ?? null,
    contentHeight: totalSize,
    anchor: rowAnchor,
  });

  // What the reader last saw at the bottom; anything from others after it counts as new.
  const latestSeq = messages[messages.length - 1]?.seq ?? 0;
  const [seenSeq, setSeenSeq] = useState(latestSeq);
  useEffect(() => {
    if (atBottom) setSeenSeq(latestSeq);
  }, [atBottom, latestSeq]);
  const newCount = atBottom ? 0 : countNewer(messages, seenSeq, me.id);

  const limits = useLimits();
  const [editingId, setEditingId] = useState<string | null>(null);
  const [reacting, setReacting] = useState<{ message: Message; anchor: HTMLElement } | null>(null);
  const [versionsOf, setVersionsOf] = useState<Message | null>(null);
  const [whoOf, setWhoOf] = useState<Message | null>(null);
  const elementOf = useCallback((messageId: string) => containerRef.current?.querySelector<HTMLElement>(`[data-entry-key="${CSS.escape(messageId)}"]`) ?? null, [containerRef]);
  const edit = useCallback((m: Message) => setEditingId(m.id), []);
  const react = useCallback(
    (m: Message) => {
      const anchor = elementOf(m.id);
      if (anchor) setReacting({ message: m, anchor });
    },
    [elementOf],
  );
  const handlers = useMessageHandlers(me, { reply: around?.reply, forward: around?.forward, edit, react, versions: setVersionsOf });
  const menu = useMessageMenu(me, handlers, { conversation, editWindowMinutes: limits?.editWindowMinutes });
  const { show: showNotice } = menu;
  const members = around?.members;
  const reactions = useMemo<ReactionHandlers>(() => {
    const names = new Map((members ?? []).map((u) => [u.id, u.deleted ? null : u.username]));
    return {
      toggle: (m, emoji) => {
        // Joining a reaction is a use of that emoji; taking one's own back is not.
        if (!m.reactions?.some((r) => r.emoji === emoji && r.userIds.includes(me.id))) rememberEmoji(emoji);
        void client.toggleReaction(m.conversationId, m.id, emoji).catch((err: unknown) => showNotice({ messageId: m.id, kind: 'error', text: errorText(err, t) }));
      },
      showWho: setWhoOf,
      nameOf: (id) => names.get(id) ?? null,
    };
  }, [client, me.id, members, showNotice, t]);

  const scrollTo = useCallback(
    (messageId: string) => {
      const index = rowsRef.current.findIndex((r) => r.type === 'group' && r.items.some((e) => e.key === messageId));
      if (index < 0) return false;
      const el = elementOf(messageId);
      if (!el) {
        virtualizer.scrollToIndex(index, { align: 'center' });
        return false;
      }
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
      return true;
    },
    [elementOf, virtualizer],
  );
  const jump = useJumpToMessage(conversation.id, messages, scrollTo);
  const { jumpTo } = jump;
  const outsideJump = around?.jump;
  useEffect(() => {
    if (outsideJump) void jumpTo(outsideJump);
  }, [outsideJump, jumpTo]);
  // Roving focus: one message is in the Tab order, the last one focused if it is still rendered,
  // else the newest rendered one; arrow keys move between messages.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const virtualItems = virtualizer.getVirtualItems();
  const renderedKeys = virtualItems.flatMap((item) => {
    const row = rows[item.index];
    return row?.type === 'group' ? row.items.map((e) => e.key) : [];
  });
  const tabStopKey = activeKey !== null && renderedKeys.includes(activeKey) ? activeKey : (renderedKeys[renderedKeys.length - 1] ?? null);
  const onFocusEntry = useCallback((key: string) => setActiveKey(key), []);
  const renderers = useMentionRenderers(me);
  const interaction: MessageInteraction = {
    me,
    actionsFor: menu.actionsFor,
    open: menu.open,
    openFor: menu.openFor,
    notice: menu.notice,
    tabStopKey,
    onFocusEntry,
    renderers,
    editingId,
    onEditDone: () => {
      const id = editingId;
      setEditingId(null);
      if (id) requestAnimationFrame(() => elementOf(id)?.focus({ preventScroll: true }));
    },
    highlightId: jump.highlightId,
    onJumpToQuote: (q) => void jumpTo({ messageId: q.messageId, seq: q.seq }),
    reactions,
  };

  return (
    <div className="message-area">
      <div
        className={conversation.kind === 'dm' ? 'messages dm' : 'messages'}
        ref={containerRef}
        onScroll={onScroll}
        role="log"
        aria-label={t('conversation.messages')}
        tabIndex={0}
      >
        <div className="history-edge">
          {loadingOlder ? (
            <p className="muted" role="status">
              {t('conversation.loadingOlder')}
            </p>
          ) : hasMore === false ? (
            <p className="muted">{t('conversation.beginning')}</p>
          ) : (
            firstPageLoaded &&
            messages.length > 0 && (
              <button type="button" className="button small ghost" onClick={loadOlder}>
                {t('conversation.loadOlder')}
              </button>
            )
          )}
        </div>
        <div className="virtual-rows" style={{ height: totalSize }}>
          {virtualItems.map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={row.type === 'group' && row.continued ? 'virtual-row continued' : 'virtual-row'}
                style={{ transform: `translateY(${item.start - HISTORY_EDGE_PX}px)` }}
              >
                {row.type === 'day' ? (
                  <h3 className="day-separator">
                    <span>{formatDayLabel(row.at, now, i18n.language, t)}</span>
                  </h3>
                ) : (
                  <>
                    <MessageGroup
                      entries={row.items}
                      mine={row.senderId === me.id}
                      me={me}
                      interaction={interaction}
                      onRetry={(clientMsgId) => void client.retryPending(conversation.id, clientMsgId).catch(() => undefined)}
                    />
                    {readReceiptId && row.items.some((e) => e.key === readReceiptId) && <p className="read-receipt">{t('social.read')}</p>}
                  </>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {!atBottom && (
        <button type="button" className="jump-latest button small primary" onClick={jumpToLatest}>
          <DownIcon />
          <span>{newCount > 0 ? t('jump.newMessages', { count: newCount }) : t('conversation.jumpToLatest')}</span>
        </button>
      )}
      {jump.failed && (
        <p className="jump-failed" role="alert">
          <span>{t('talk.quoteNotFound')}</span>
          <button type="button" className="button small ghost" onClick={jump.clearFailed}>
            {t('common.close')}
          </button>
        </p>
      )}
      {menu.element}
      {reacting && (
        <ReactionPicker
          anchor={reacting.anchor}
          onPick={(emoji) => {
            const m = reacting.message;
            setReacting(null);
            // Adding one already there is fine (the server keeps one per person and emoji).
            void client.react(m.conversationId, m.id, emoji).catch((err: unknown) => showNotice({ messageId: m.id, kind: 'error', text: errorText(err, t) }));
            elementOf(m.id)?.focus({ preventScroll: true });
          }}
          onClose={() => {
            const id = reacting.message.id;
            setReacting(null);
            elementOf(id)?.focus({ preventScroll: true });
          }}
        />
      )}
      {versionsOf && <VersionsDialog message={versionsOf} onClose={() => setVersionsOf(null)} />}
      {whoOf && <WhoReactedDialog message={whoOf} onClose={() => setWhoOf(null)} />}
    </div>
  );
}
