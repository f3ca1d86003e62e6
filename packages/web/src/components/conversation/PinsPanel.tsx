import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { previewText, userName } from '../../lib/conversation';
import type { Conversation, Message } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';
import { formatFullDateTime } from '../../lib/format';
import { CloseIcon } from '../Icons';

/**
 * The pinned messages of a conversation, most recently pinned first; a click jumps to the message.
 * Asked again whenever the conversation's change log moves (a pin or unpin anywhere shows at once).
 */
export function PinsPanel({ conversation, onJump, onClose }: { conversation: Conversation; onJump: (m: Message) => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [pins, setPins] = useState<Message[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const changes = client.changeCursor(conversation.id) ?? conversation.lastChangeSeq;
  useEffect(() => {
    let live = true;
    client.listPins(conversation.id).then(
      (list) => live && setPins(list),
      (err: unknown) => live && setError(errorText(err, t)),
    );
    return () => {
      live = false;
    };
  }, [client, conversation.id, changes, t]);
  return (
    <aside
      className="info-panel pins-panel"
      aria-labelledby="pins-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="info-head">
        <h3 id="pins-title">{t('talk.pins')}</h3>
        <button type="button" className="icon-button" aria-label={t('common.close')} title={t('common.close')} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <div className="info-scroll">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {pins && pins.length === 0 && <p className="list-empty">{t('talk.pinsEmpty')}</p>}
      {pins && pins.length > 0 && (
        <ul className="pin-list">
          {pins.map((m) => (
            <li key={m.id}>
              <button type="button" className="pin-item" onClick={() => onJump(m)}>
                <span className="quote-sender">{userName(m.sender, t)}</span>
                <span className="pin-text">{previewText(m.body) || t('talk.quoteFiles')}</span>
                {m.pinned && (
                  <span className="pin-by" title={formatFullDateTime(m.pinned.at, i18n.language)}>
                    {t('talk.pinnedBy', { name: userName(m.pinned.by, t) })}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      </div>
    </aside>
  );
}
