import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message, MessageEdit } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';
import { formatFullDateTime } from '../../lib/format';
import { Dialog } from '../Dialog';

/** The earlier texts of a message (for its sender and administrators), oldest first, then the current one. */
export function VersionsDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [edits, setEdits] = useState<MessageEdit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.messageEdits(message.conversationId, message.id).then(
      (list) => live && setEdits(list),
      (err: unknown) => live && setError(errorText(err, t)),
    );
    return () => {
      live = false;
    };
  }, [client, message.conversationId, message.id, t]);
  return (
    <Dialog title={t('talk.versionsTitle')} onClose={onClose}>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!edits && !error && <p className="muted">{t('app.loading')}</p>}
      {edits && (
        <ol className="version-list">
          {edits.length === 0 && <li className="list-empty">{t('talk.versionsEmpty')}</li>}
          {edits.map((e) => (
            <li key={e.replacedAt} className="version">
              <p className="version-when">{t('talk.versionWritten', { when: formatFullDateTime(e.writtenAt, i18n.language) })}</p>
              <p className="version-body">{e.body}</p>
            </li>
          ))}
          <li className="version current">
            <p className="version-when">
              {t('talk.current')}
              {message.editedAt !== undefined && ` · ${t('talk.editedAt', { when: formatFullDateTime(message.editedAt, i18n.language) })}`}
            </p>
            <p className="version-body">{message.body}</p>
          </li>
        </ol>
      )}
    </Dialog>
  );
}
