import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, RoomInfo } from '@natter/protocol';
import { useClient } from '../hooks/useClient';
import { useSnapshot } from '../hooks/useSnapshot';
import { userName } from '../lib/conversation';
import { errorText } from '../lib/errors';
import { AddMemberForm } from './AddMemberForm';
import { SharedFiles } from './files/SharedFiles';
import { Avatar } from './Avatar';
import { CloseIcon } from './Icons';

export function RoomInfoPanel({
  conversation,
  onClose,
  onLeft,
}: {
  conversation: Conversation;
  onClose: () => void;
  onLeft: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const { presence } = useSnapshot();
  const [info, setInfo] = useState<RoomInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [reloads, setReloads] = useState(0);
  const name = conversation.name ?? '';

  // Reload when membership changes (memberCount) so joins and leaves show up.
  useEffect(() => {
    let cancelled = false;
    client.getRoomInfo(name).then(
      (result) => {
        if (!cancelled) setInfo(result);
      },
      (err: unknown) => {
        if (!cancelled) setError(errorText(err, t));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, name, conversation.memberCount, reloads, t]);

  async function leave() {
    setLeaving(true);
    try {
      await client.leaveConversation(conversation.id);
      onLeft();
    } catch (err) {
      setError(errorText(err, t));
      setLeaving(false);
    }
  }

  // Live presence events are newer than the snapshot the panel loaded.
  const members = (info?.members ?? []).map((m) => ({ ...m, online: presence[m.user.id]?.online ?? m.online }));
  members.sort((a, b) => Number(b.online) - Number(a.online) || a.user.username.localeCompare(b.user.username));
  const onlineCount = members.filter((m) => m.online).length;

  return (
    <aside
      className="info-panel"
      aria-label={t('info.title')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="info-head">
        <h3>{t('info.title')}</h3>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <div className="info-scroll">
        <section>
          <h4>{t('info.topic')}</h4>
          <p className={conversation.topic ? 'info-topic' : 'info-topic muted'}>{conversation.topic || t('info.noTopic')}</p>
          <p className="muted small">
            {conversation.visibility === 'private' ? t('info.visibilityPrivate') : t('info.visibilityPublic')}
          </p>
        </section>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {info && (
          <section>
            <h4>
              {t('info.members', { count: members.length })} · {t('info.onlineCount', { count: onlineCount })}
            </h4>
            <ul className="member-list">
              {members.map((m) => (
                <li key={m.user.id}>
                  <Avatar name={userName(m.user, t)} online={m.online} size="sm" />
                  <span className="member-name">{userName(m.user, t)}</span>
                  {m.role === 'owner' && <span className="tag">{t('info.owner')}</span>}
                  <span className="visually-hidden">{m.online ? t('info.online') : t('info.offline')}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <SharedFiles conversation={conversation} />
        <section>
          <AddMemberForm conversationId={conversation.id} onAdded={() => setReloads((n) => n + 1)} />
        </section>
        <section className="info-actions">
          {confirming ? (
            <div role="group" aria-label={t('info.leave')}>
              <p>{t('info.leaveConfirm', { name })}</p>
              <div className="dialog-actions">
                <button type="button" className="button ghost" onClick={() => setConfirming(false)}>
                  {t('common.cancel')}
                </button>
                <button type="button" className="button danger" disabled={leaving} onClick={() => void leave()}>
                  {t('info.leaveYes')}
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="button danger ghost" onClick={() => setConfirming(true)}>
              {t('info.leave')}
            </button>
          )}
        </section>
      </div>
    </aside>
  );
}
