import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { useSnapshot } from '../../hooks/useSnapshot';
import { conversationTitle } from '../../lib/conversation';
import { errorText } from '../../lib/errors';
import { Dialog } from '../Dialog';
import { HashIcon } from '../Icons';
import { Avatar } from '../Avatar';

/** Picks another conversation I belong to and forwards the message there (a new message naming its origin). */
export function ForwardDialog({ message, onClose, onForwarded }: { message: Message; onClose: () => void; onForwarded: (text: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const { conversations } = useSnapshot();
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const q = query.trim().toLowerCase();
  const targets = conversations.filter((c) => c.id !== message.conversationId && (!q || conversationTitle(c, t).toLowerCase().includes(q)));

  async function forward(id: string, name: string) {
    setBusy(true);
    setError(null);
    try {
      await client.forwardMessage(id, message.id);
      onForwarded(t('talk.forwarded', { name }));
    } catch (err) {
      setBusy(false);
      setError(errorText(err, t));
    }
  }

  return (
    <Dialog title={t('talk.forwardTitle')} onClose={onClose}>
      <input
        type="search"
        className="forward-search"
        value={query}
        aria-label={t('talk.forwardSearch')}
        placeholder={t('talk.forwardSearch')}
        onChange={(e) => setQuery(e.target.value)}
        autoFocus
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {targets.length === 0 ? (
        <p className="list-empty">{t('talk.forwardNone')}</p>
      ) : (
        <ul className="forward-list">
          {targets.map((c) => {
            const name = conversationTitle(c, t);
            const shown = c.kind === 'room' ? `#${name}` : name;
            return (
              <li key={c.id}>
                <button type="button" className="forward-target" disabled={busy} aria-label={t('talk.forwardTo', { name: shown })} onClick={() => void forward(c.id, shown)}>
                  {c.kind === 'dm' ? (
                    <Avatar name={name} size="sm" />
                  ) : (
                    <span className="room-badge small" aria-hidden="true">
                      <HashIcon />
                    </span>
                  )}
                  <span>{shown}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}
