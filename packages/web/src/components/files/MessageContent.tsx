import { useTranslation } from 'react-i18next';
import type { Attachment } from '@natter/protocol';
import { emojiOnlyCount } from '../../lib/emoji';
import { Attachments } from './Attachments';
// Emoji look the same on every platform: the font ships with the app, one small file per Unicode range.
import '../../styles/emoji-font.css';

/** A message's text (large when it is only 1–3 emoji) and its files; a deleted message says so. */
export function MessageContent({ body, attachments, deleted }: { body: string; attachments: Attachment[]; deleted?: boolean | undefined }) {
  const { t } = useTranslation();
  if (deleted) return <p className="message-body message-deleted">{t('files.deleted')}</p>;
  const big = emojiOnlyCount(body) > 0;
  return (
    <>
      {body.trim() !== '' && <p className={big ? 'message-body emoji-only' : 'message-body'}>{body}</p>}
      <Attachments files={attachments} />
    </>
  );
}
