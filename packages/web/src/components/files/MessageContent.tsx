import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { parseMarkdown, type Attachment } from '@natter/protocol';
import { emojiOnlyCount } from '../../lib/emoji';
import { Markdown, type MarkdownRenderers } from '../markdown/Markdown';
import { Attachments } from './Attachments';
// Emoji look the same on every platform: the font ships with the app, one small file per Unicode range.
import '../../styles/emoji-font.css';
import '../../styles/markdown.css';

/**
 * A message's text in its bubble (formatted; large when it is only 1–3 emoji) and its files below;
 * a deleted message says so.
 */
export function MessageContent({
  body,
  attachments,
  deleted,
  renderers,
}: {
  body: string;
  attachments: Attachment[];
  deleted?: boolean | undefined;
  renderers?: MarkdownRenderers;
}) {
  const { t } = useTranslation();
  const doc = useMemo(() => parseMarkdown(body), [body]);
  if (deleted) {
    return (
      <div className="message-bubble">
        <p className="message-body message-deleted">{t('files.deleted')}</p>
      </div>
    );
  }
  const big = emojiOnlyCount(body) > 0;
  return (
    <>
      {body.trim() !== '' && (
        <div className={big ? 'message-bubble bare' : 'message-bubble'}>
          <div className={big ? 'message-body emoji-only' : 'message-body'}>
            <Markdown doc={doc} {...(renderers ? { renderers } : {})} />
          </div>
        </div>
      )}
      <Attachments files={attachments} />
    </>
  );
}
