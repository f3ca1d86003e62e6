import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import { BrowseRoomsDialog } from './BrowseRoomsDialog';
import { ConnectionBanner } from './ConnectionBanner';
import { ConversationList } from './ConversationList';
import { ConversationView, type OutsideJump } from './ConversationView';
import { CreateRoomDialog } from './CreateRoomDialog';
import { GearIcon, PenIcon, PlusIcon, SearchIcon } from './Icons';
import { NewDmDialog } from './NewDmDialog';
import { SettingsDialog } from './SettingsDialog';
import { MePanel } from './me/MePanel';
import { ContactsPanel } from './social/ContactsPanel';
import { RequestNotice } from './social/RequestNotice';
import { SidebarTabs, type SidebarTab } from './social/SidebarTabs';
import { useSocialSync } from '../hooks/useSocialSync';
import { useFaviconBadge } from '../hooks/useFaviconBadge';
import { useNotifications } from '../hooks/useNotifications';
import { useViewportHeight } from '../hooks/useViewportHeight';
import { MessageToast } from './notify/MessageToast';
import { NotifyOffer } from './notify/NotifyOffer';
import type { SearchTarget } from '../search/MessageSearch';
import '../styles/chat.css';
import '../styles/social.css';
import '../styles/everyday.css';

type DialogName = 'create' | 'browse' | 'dm' | 'settings' | 'search' | null;

// Loaded when first opened: most visits never search.
const MessageSearch = lazy(() => import('../search/MessageSearch').then((m) => ({ default: m.MessageSearch })));

export function ChatLayout({
  user,
  conversationId,
  onOpen,
  onClose,
  onLogout,
}: {
  user: Me;
  conversationId: string | null;
  onOpen: (id: string) => void;
  onClose: () => void;
  onLogout: () => void;
}) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<DialogName>(null);
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
  const [jump, setJump] = useState<(OutsideJump & { conversationId: string }) | null>(null);
  const openResult = (target: SearchTarget) => {
    setDialog(null);
    setTab('chats');
    setJump((j) => ({ conversationId: target.conversationId, messageId: target.messageId, seq: target.seq, n: (j?.n ?? 0) + 1 }));
    onOpen(target.conversationId);
  };

  return (
    <div className={conversationId ? 'chat has-open' : 'chat'}>
      <ConnectionBanner />
      <RequestNotice onShow={() => setTab('contacts')} />
      {notify.toast && <MessageToast toast={notify.toast} onOpen={onOpen} onDismiss={notify.dismissToast} />}
      {notify.offer && <NotifyOffer onClose={notify.closeOffer} />}
      <div className="chat-columns">
        <aside className="sidebar" data-tab={tab}>
          <header className="sidebar-head">
            <h1 className="brand">{t('app.name')}</h1>
            <button
              type="button"
              className="icon-button"
              aria-label={t('search.open')}
              title={t('search.open')}
              onClick={() => setDialog('search')}
            >
              <SearchIcon />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={t('nav.settings')}
              title={t('nav.settings')}
              onClick={() => setDialog('settings')}
            >
              <GearIcon />
            </button>
          </header>
          <div className="sidebar-actions">
            <button type="button" className="button small" onClick={() => setDialog('create')}>
              <PlusIcon />
              <span>{t('nav.newRoom')}</span>
            </button>
            <button type="button" className="button small" onClick={() => setDialog('browse')}>
              <SearchIcon />
              <span>{t('nav.browseRooms')}</span>
            </button>
            <button type="button" className="button small" onClick={() => setDialog('dm')}>
              <PenIcon />
              <span>{t('nav.newDm')}</span>
            </button>
          </div>
          <SidebarTabs tab={tab} onTab={setTab} />
          {tab === 'chats' && <ConversationList meId={user.id} activeId={conversationId} onOpen={onOpen} />}
          {tab === 'contacts' && <ContactsPanel onOpen={openChat} />}
          {tab === 'me' && <MePanel user={user} onLogout={onLogout} onDeleted={onLogout} />}
          <footer className="sidebar-foot">
            <span className="signed-in" title={t('nav.signedInAs', { name: user.username })}>
              {t('nav.signedInAs', { name: user.username })}
            </span>
            <button type="button" className="button small ghost" onClick={onLogout}>
              {t('nav.logout')}
            </button>
          </footer>
        </aside>
        <main className="main">
          {conversationId ? (
            <ConversationView key={conversationId} conversationId={conversationId} me={user} onBack={onClose} onLeft={onClose} jumpTo={jump?.conversationId === conversationId ? jump : null} />
          ) : (
            <div className="placeholder">
              <p>{t('conversation.pick')}</p>
            </div>
          )}
        </main>
      </div>
      {dialog === 'create' && <CreateRoomDialog onClose={closeDialog} onCreated={openAndClose} />}
      {dialog === 'browse' && <BrowseRoomsDialog onClose={closeDialog} onOpen={openAndClose} />}
      {dialog === 'dm' && <NewDmDialog onClose={closeDialog} onOpened={openAndClose} />}
      {dialog === 'settings' && <SettingsDialog onClose={closeDialog} onLogout={onLogout} />}
      {dialog === 'search' && (
        <Suspense fallback={null}>
          <MessageSearch onClose={closeDialog} onOpen={openResult} />
        </Suspense>
      )}
    </div>
  );
}
