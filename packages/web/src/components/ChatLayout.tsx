import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import { ConnectionBanner } from './ConnectionBanner';
import { ConversationList } from './ConversationList';
import { ConversationView, type OutsideJump } from './ConversationView';
import { SidebarHead } from './SidebarHead';
import { AdminHint } from './welcome/AdminHint';
import { Welcome } from './welcome/Welcome';
import { ContactsPanel } from './social/ContactsPanel';
import { RequestNotice } from './social/RequestNotice';
import { SidebarTabs, type SidebarTab } from './social/SidebarTabs';
import type { SwitcherSource } from './switcher/sources';
import { useClient } from '../hooks/useClient';
import { useSocialSync } from '../hooks/useSocialSync';
import { useFaviconBadge } from '../hooks/useFaviconBadge';
import { useNotifications } from '../hooks/useNotifications';
import { useViewportHeight } from '../hooks/useViewportHeight';
import { MessageToast } from './notify/MessageToast';
import { NotifyOffer } from './notify/NotifyOffer';
import type { SearchTarget } from '../search/MessageSearch';
import { messagesSource } from '../search/switcher-source';
import '../styles/chat.css';
import '../styles/social.css';
import '../styles/everyday.css';
import '../styles/comfort.css';

type DialogName = 'create' | 'browse' | 'dm' | 'settings' | 'search' | null;

// Loaded when first opened: most visits never search.
const MessageSearch = lazy(() => import('../search/MessageSearch').then((m) => ({ default: m.MessageSearch })));
// Dialogs and the "me" tab (with the admin console) are opened by a click, never before the list
// shows: each is a chunk of its own. The contacts tab stays: "find a friend" focuses its field at once.
const CreateRoomDialog = lazy(() => import('./CreateRoomDialog').then((m) => ({ default: m.CreateRoomDialog })));
const BrowseRoomsDialog = lazy(() => import('./BrowseRoomsDialog').then((m) => ({ default: m.BrowseRoomsDialog })));
const NewDmDialog = lazy(() => import('./NewDmDialog').then((m) => ({ default: m.NewDmDialog })));
const SettingsDialog = lazy(() => import('./SettingsDialog').then((m) => ({ default: m.SettingsDialog })));
const MePanel = lazy(() => import('./me/MePanel').then((m) => ({ default: m.MePanel })));

const PHONE = '(max-width: 767.98px)';

export function ChatLayout({
  user,
  conversationId,
  linkedMessage = null,
  onOpen,
  onClose,
  onLogout,
  switcherSources,
}: {
  user: Me;
  conversationId: string | null;
  /** The message a link pointed at (a missed-message email): the conversation opens scrolled to it. */
  linkedMessage?: { id: string; seq: number } | null;
  onOpen: (id: string) => void;
  onClose: () => void;
  onLogout: () => void;
  /** More sections for the quick switcher (found messages). */
  switcherSources?: readonly SwitcherSource[];
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [dialog, setDialog] = useState<DialogName>(null);
  const [searchText, setSearchText] = useState('');
  const [tab, setTab] = useState<SidebarTab>('chats');
  useSocialSync();
  useFaviconBadge();
  useViewportHeight();
  const notify = useNotifications(conversationId, onOpen, () => setTab('contacts'));
  const closeDialog = () => setDialog(null);
  const openAndClose = (id: string) => {
    setDialog(null);
    onOpen(id);
  };
  const openChat = (id: string) => {
    setTab('chats');
    onOpen(id);
  };
  const findFriend = () => {
    setTab('contacts');
    requestAnimationFrame(() => document.getElementById('friend-search')?.focus());
  };
  const summon = useCallback(() => {
    setTab('chats');
    // On a phone the list is hidden behind an open conversation.
    if (conversationId && window.matchMedia(PHONE).matches) onClose();
  }, [conversationId, onClose]);
  const [jump, setJump] = useState<(OutsideJump & { conversationId: string }) | null>(null);
  // Only state setters inside, so the switcher's sources stay the same from render to render.
  const prepareJump = useCallback((target: SearchTarget) => {
    setDialog(null);
    setTab('chats');
    setJump((j) => ({ conversationId: target.conversationId, messageId: target.messageId, seq: target.seq, n: (j?.n ?? 0) + 1 }));
    return target.conversationId;
  }, []);
  const openResult = (target: SearchTarget) => onOpen(prepareJump(target));
  // A new link jumps once, the way a search result does (state adjusted while rendering, not in an effect).
  const linkKey = conversationId && linkedMessage ? `${conversationId}/${linkedMessage.id}/${linkedMessage.seq}` : null;
  const [linkSeen, setLinkSeen] = useState<string | null>(null);
  if (linkKey !== linkSeen) {
    setLinkSeen(linkKey);
    if (conversationId && linkedMessage) {
      const target = { conversationId, messageId: linkedMessage.id, seq: linkedMessage.seq };
      setJump((j) => ({ ...target, n: (j?.n ?? 0) + 1 }));
    }
  }
  const openSearch = useCallback((text: string) => {
    setSearchText(text);
    setDialog('search');
  }, []);
  const sources = useMemo(
    () => [messagesSource(client, t, prepareJump, openSearch), ...(switcherSources ?? [])],
    [client, t, prepareJump, openSearch, switcherSources],
  );

  return (
    <div className={conversationId ? 'chat has-open' : 'chat'}>
      <ConnectionBanner />
      <RequestNotice onShow={() => setTab('contacts')} />
      {notify.toast && <MessageToast toast={notify.toast} onOpen={onOpen} onDismiss={notify.dismissToast} />}
      {/* One main landmark for both columns: on a phone only one of them shows. */}
      <main className="chat-columns">
        <div className="sidebar" data-tab={tab}>
          <SidebarHead
            onSettings={() => setDialog('settings')}
            onSearch={() => openSearch('')}
            onNew={setDialog}
            onOpen={openChat}
            onSummon={summon}
            sources={sources}
          />
          <SidebarTabs tab={tab} onTab={setTab} />
          {tab === 'chats' && (
            <>
              {user.isAdmin && <AdminHint onOpenConsole={() => setTab('me')} />}
              {notify.offer && <NotifyOffer onClose={notify.closeOffer} />}
              <ConversationList meId={user.id} activeId={conversationId} onOpen={onOpen} onFindFriend={findFriend} onBrowse={() => setDialog('browse')} />
            </>
          )}
          {tab === 'contacts' && <ContactsPanel onOpen={openChat} />}
          <Suspense fallback={null}>{tab === 'me' && <MePanel user={user} onLogout={onLogout} onDeleted={onLogout} />}</Suspense>
        </div>
        <div className="main">
          {conversationId ? (
            <ConversationView key={conversationId} conversationId={conversationId} me={user} onBack={onClose} onLeft={onClose} jumpTo={jump?.conversationId === conversationId ? jump : null} />
          ) : (
            <Welcome user={user} onFindFriend={findFriend} onBrowse={() => setDialog('browse')} onCreate={() => setDialog('create')} />
          )}
        </div>
      </main>
      <Suspense fallback={null}>
        {dialog === 'create' && <CreateRoomDialog onClose={closeDialog} onCreated={openAndClose} />}
        {dialog === 'browse' && <BrowseRoomsDialog onClose={closeDialog} onOpen={openAndClose} />}
        {dialog === 'dm' && <NewDmDialog onClose={closeDialog} onOpened={openAndClose} />}
        {dialog === 'settings' && <SettingsDialog onClose={closeDialog} />}
        {dialog === 'search' && <MessageSearch onClose={closeDialog} onOpen={openResult} initialQuery={searchText} />}
      </Suspense>
    </div>
  );
}
