import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, SharedFile } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { useNow } from '../../hooks/useNow';
import { userName } from '../../lib/conversation';
import { errorText } from '../../lib/errors';
import { formatDayLabel, formatClock, formatFullDateTime } from '../../lib/format';
import { FileCard } from './Attachments';

/** The files members shared in a conversation, newest first, for the details panel. */
export function SharedFiles({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const headingId = useId();
  const now = useNow(60_000);
  const [files, setFiles] = useState<SharedFile[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Read again when files arrive or a message goes, not on every message of a busy room.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const changed = (conversationId: string) => {
      if (conversationId === conversation.id) setVersion((v) => v + 1);
    };
    const offMessage = client.on('message', (m) => {
      if (m.attachments.length > 0) changed(m.conversationId);
    });
    const offDeleted = client.on('message_deleted', (d) => changed(d.conversationId));
    return () => {
      offMessage();
      offDeleted();
    };
  }, [client, conversation.id]);

  useEffect(() => {
    let cancelled = false;
    client.listSharedFiles(conversation.id).then(
      (page) => {
        if (cancelled) return;
        setFiles(page.files);
        setHasMore(page.hasMore);
      },
      (err: unknown) => {
        if (!cancelled) setError(errorText(err, t));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, conversation.id, version, t]);

  async function older() {
    const last = files?.at(-1);
    if (!last) return;
    try {
      const page = await client.listSharedFiles(conversation.id, { before: last.seq });
      setFiles((shown) => [...(shown ?? []), ...page.files]);
      setHasMore(page.hasMore);
    } catch (err) {
      setError(errorText(err, t));
    }
  }

  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>{t('info.files')}</h4>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {files?.length === 0 && <p className="muted small">{t('info.noFiles')}</p>}
      {files && files.length > 0 && (
        <ul className="shared-files" aria-labelledby={headingId}>
          {files.map((f) => (
            <li key={`${f.messageId}-${f.file.id}`}>
              <FileCard file={f.file} />
              <p className="muted small" title={formatFullDateTime(f.sharedAt, i18n.language)}>
                {t('info.sharedBy', { name: userName(f.sender, t), when: `${formatDayLabel(f.sharedAt, now, i18n.language, t)} ${formatClock(f.sharedAt, i18n.language)}` })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" className="button small ghost" onClick={() => void older()}>
          {t('info.moreFiles')}
        </button>
      )}
    </section>
  );
}
