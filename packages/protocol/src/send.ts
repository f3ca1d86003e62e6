import { z } from 'zod';
import { Id } from './common';
import { hasContent } from './files';
import { MENTIONS_MAX } from './message-parts';

/** What a send may carry besides text and files (REST body and socket frame alike). */
export const MessageExtras = {
  /** A message of the same conversation this one answers. */
  replyTo: Id.optional(),
  /** Members being mentioned, by id (the text shows their names; the ids are what counts). */
  mentions: z
    .array(Id)
    .max(MENTIONS_MAX)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'a user is mentioned twice' })
    .optional(),
  /** @room / @all / @所有人: notifies every member (room owner and moderators only). */
  mentionsRoom: z.boolean().optional(),
  /** Forward this message (of a conversation you belong to): its text and files are copied, it names where it came from. */
  forwardOf: Id.optional(),
};

type SendShape = { body: string; attachments?: readonly string[] | undefined; forwardOf?: string | undefined; replyTo?: string | undefined; mentions?: readonly string[] | undefined; mentionsRoom?: boolean | undefined };

/** A send carries text or files, or is a forward, which carries nothing of its own. */
export function refineSend(v: SendShape, ctx: z.RefinementCtx): void {
  if (v.forwardOf !== undefined) {
    if (v.body !== '' || (v.attachments?.length ?? 0) > 0 || v.replyTo !== undefined || (v.mentions?.length ?? 0) > 0 || v.mentionsRoom) {
      ctx.addIssue({ code: 'custom', path: ['forwardOf'], message: 'a forward carries no text, files, reply or mentions of its own' });
    }
    return;
  }
  if (!hasContent(v)) ctx.addIssue({ code: 'custom', path: ['body'], message: 'message is empty' });
}
