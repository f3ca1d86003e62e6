import { z } from 'zod';
import { Id, Timestamp, UserText } from './common';
import { MemberRole, Message, UserRef } from './entities';
import { MessageParams, MessageText } from './files';
import { Reaction } from './message-parts';
import type { RouteDef } from './rest';

/* Routes of issue "conversations people expect": edits, reactions, pins, roles, server settings. */

export const EditMessageBody = z.strictObject({
  /** The new text (or caption); empty only when the message carries files. */
  body: MessageText,
});
export const MessageResponse = z.object({ message: Message });

export const MessageEdit = z.object({
  /** The text as it was before an edit replaced it. */
  body: z.string(),
  /** When that text was written (sent, or an earlier edit). */
  writtenAt: Timestamp,
  /** When the next edit replaced it. */
  replacedAt: Timestamp,
});
export type MessageEdit = z.infer<typeof MessageEdit>;
/** Earlier versions, oldest first; the current text is the message's own. */
export const MessageEditsResponse = z.object({ edits: z.array(MessageEdit) });

export const ReactionParams = z.strictObject({ id: Id, messageId: Id, emoji: UserText().min(1).max(64) });
export const ReactionsResponse = z.object({ reactions: z.array(Reaction) });
export const ReactionUsers = z.object({ emoji: z.string(), users: z.array(UserRef) });
/** Who reacted with what, in the order each emoji first appeared; users oldest first. */
export const ReactionUsersResponse = z.object({ reactions: z.array(ReactionUsers) });

/** Pinned messages, the most recently pinned first. */
export const PinsResponse = z.object({ messages: z.array(Message) });

export const MemberParams = z.strictObject({ id: Id, userId: Id });
/** The owner stays the owner: only moderator and member can be given. */
export const SetRoleBody = z.strictObject({ role: MemberRole.exclude(['owner']) });

/** Server-wide settings administrators change at run time (stored in the database, shared by every node). */
export const ServerSettings = z.object({
  /** How long after sending a message its sender may edit it, in minutes; 0: as long as it exists. */
  editWindowMinutes: z.number().int().min(0).max(525_600),
});
export type ServerSettings = z.infer<typeof ServerSettings>;
export const ServerSettingsResponse = z.object({ settings: ServerSettings });
export const UpdateServerSettingsBody = z.strictObject({ editWindowMinutes: ServerSettings.shape.editWindowMinutes.optional() });

/** What a client needs to know to offer only what the server accepts. */
export const LimitsResponse = z.object({
  editWindowMinutes: z.number().int().nonnegative(),
  /** REACTIONS_MAX_PER_MESSAGE */
  reactionsPerMessage: z.number().int().positive(),
  /** REACTIONS_MAX_PER_USER */
  reactionsPerUser: z.number().int().positive(),
  /** MENTIONS_MAX */
  mentionsPerMessage: z.number().int().positive(),
});

const ConversationParams = z.strictObject({ id: Id });

export const conversationRoutes = {
  editMessage: {
    method: 'PATCH', path: '/api/conversations/:id/messages/:messageId', summary: 'Edit the text of a message I sent (files stay); announced as a change', auth: true,
    params: MessageParams, body: EditMessageBody, response: MessageResponse,
  },
  messageEdits: {
    method: 'GET', path: '/api/conversations/:id/messages/:messageId/edits', summary: 'Earlier versions of a message (its sender and administrators)', auth: true,
    params: MessageParams, response: MessageEditsResponse,
  },
  listReactions: {
    method: 'GET', path: '/api/conversations/:id/messages/:messageId/reactions', summary: 'Who reacted to a message, by emoji', auth: true,
    params: MessageParams, response: ReactionUsersResponse,
  },
  react: {
    method: 'PUT', path: '/api/conversations/:id/messages/:messageId/reactions/:emoji', summary: 'Add my reaction (any emoji; adding it twice is fine)', auth: true,
    params: ReactionParams, response: ReactionsResponse,
  },
  unreact: {
    method: 'DELETE', path: '/api/conversations/:id/messages/:messageId/reactions/:emoji', summary: 'Remove my reaction (removing it twice is fine)', auth: true,
    params: ReactionParams, response: ReactionsResponse,
  },
  pinMessage: {
    method: 'PUT', path: '/api/conversations/:id/messages/:messageId/pin', summary: 'Pin a message (rooms: owner and moderators; DMs: either person)', auth: true,
    params: MessageParams, response: MessageResponse,
  },
  unpinMessage: {
    method: 'DELETE', path: '/api/conversations/:id/messages/:messageId/pin', summary: 'Unpin a message (same people as pinning)', auth: true,
    params: MessageParams, response: MessageResponse,
  },
  listPins: {
    method: 'GET', path: '/api/conversations/:id/pins', summary: 'Pinned messages, most recently pinned first', auth: true,
    params: ConversationParams, response: PinsResponse,
  },
  setMemberRole: {
    method: 'PUT', path: '/api/conversations/:id/members/:userId/role', summary: 'Make a member a moderator or a member again (the room owner)', auth: true,
    params: MemberParams, body: SetRoleBody, status: 204,
  },
  limits: {
    method: 'GET', path: '/api/limits', summary: 'Limits on edits, reactions and mentions', auth: true, response: LimitsResponse,
  },
  getServerSettings: {
    method: 'GET', path: '/api/admin/settings', summary: 'Server settings (edit window)', auth: true, admin: true,
    response: ServerSettingsResponse,
  },
  updateServerSettings: {
    method: 'PATCH', path: '/api/admin/settings', summary: 'Change server settings (audited)', auth: true, admin: true,
    body: UpdateServerSettingsBody, response: ServerSettingsResponse,
  },
} as const satisfies Record<string, RouteDef>;
