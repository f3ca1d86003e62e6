import { useTranslation } from 'react-i18next';
import { summarizeTypers } from '@natter/sdk';
import { useTyping } from '../../hooks/useTyping';

/** "A is typing…", "A and B are typing…", "A, B and 3 others are typing…". */
export function TypingLine({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const typers = useTyping(conversationId);
  const { names, others } = summarizeTypers(typers);
  let text = '';
  if (others > 0) text = t('social.typingMany', { a: names[0], b: names[1], count: others });
  else if (names.length === 1) text = t('social.typingOne', { a: names[0] });
  else if (names.length === 2) text = t('social.typingTwo', { a: names[0], b: names[1] });
  else if (names.length === 3) text = t('social.typingThree', { a: names[0], b: names[1], c: names[2] });
  return (
    <p className="typing-line" aria-live="polite">
      {text}
    </p>
  );
}
