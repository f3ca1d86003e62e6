import { useTranslation } from 'react-i18next';
import type { Message } from '@natter/protocol';
import { excerptOf } from '@natter/sdk';
import { userName } from '../../lib/conversation';
import { CloseIcon } from '../Icons';

/** Above the composer while answering a message: who and what, and a button to not answer after all. */
export function ReplyPreview({ message, onCancel }: { message: Message; onCancel: () => void }) {
  const { t } = useTranslation();
  const text = excerptOf(message.body) || (message.attachments.length > 0 ? t('talk.quoteFiles') : '');
  return (
    <div className="reply-preview" role="status">
      <div className="reply-preview-text">
        <span className="quote-sender">{t('talk.replyingTo', { name: userName(message.sender, t) })}</span>
        <span className="quote-text">{text}</span>
      </div>
      <button type="button" className="icon-button" aria-label={t('talk.cancelReply')} title={t('talk.cancelReply')} onClick={onCancel}>
        <CloseIcon />
      </button>
    </div>
  );
}
