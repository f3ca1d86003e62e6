import { useMemo } from 'react';
import { isRoomMention, type Me } from '@natter/protocol';
import type { MarkdownRenderers } from '../markdown/Markdown';

/** Mentions of the reader (by name, or the whole room) stand out; others are just coloured. */
export function useMentionRenderers(me: Me): MarkdownRenderers {
  return useMemo(() => {
    const mine = me.username.toLowerCase();
    return {
      mention: (username: string) => {
        const forMe = username.toLowerCase() === mine || isRoomMention(username);
        return <span className={forMe ? 'mention mention-me' : 'mention'}>@{username}</span>;
      },
    };
  }, [me.username]);
}
