import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message, UserRef } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { userName } from '../../lib/conversation';
import { errorText } from '../../lib/errors';
import { Dialog } from '../Dialog';

/** Who reacted with what, by name: what a long-press on a reaction shows (a title needs a mouse). */
export function WhoReactedDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [list, setList] = useState<{ emoji: string; users: UserRef[] }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.listReactions(message.conversationId, message.id).then(
      (r) => live && setList(r),
      (err: unknown) => live && setError(errorText(err, t)),
    );
    return () => {
      live = false;
    };
  }, [client, message.conversationId, message.id, t]);
  return (
    <Dialog title={t('talk.whoReacted')} onClose={onClose}>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!list && !error && <p className="muted">{t('app.loading')}</p>}
      {list && (
        <ul className="who-reacted">
          {list.map((r) => (
            <li key={r.emoji}>
              <span className="reaction-emoji" aria-hidden="true">
                {r.emoji}
              </span>
              <span>{t('talk.reactedBy', { emoji: r.emoji, names: r.users.map((u) => userName(u, t)).join(', ') })}</span>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
