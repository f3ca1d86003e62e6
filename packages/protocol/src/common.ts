import { z } from 'zod';

/**
 * What no text from a user may hold: C0 control characters other than tab and newline (NUL
 * included, which PostgreSQL cannot store; CR too: new lines are "\n"), and UTF-16 surrogates
 * that are not part of a pair (they have no UTF-8 form). See ADR 0010.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF]/u;

export function hasForbiddenCharacters(s: string): boolean {
  return FORBIDDEN_IN_TEXT.test(s);
}

/** The marker of the issue `UserText` raises, so servers answer `invalid_text` rather than a generic refusal. */
const INVALID_TEXT = 'invalid_text';

/**
 * The base of every string a client sends (bodies, query strings, path parameters, socket frames):
 * a string without control characters or unpaired surrogates. Both database dialects then accept
 * and refuse exactly the same text.
 */
export function UserText() {
  return z.string().refine((s) => !hasForbiddenCharacters(s), {
    message: 'text may not contain control characters other than tab and newline',
    params: { code: INVALID_TEXT },
  });
}

interface IssueLike {
  code: string;
  params?: unknown;
  /** Record keys and unions nest the issues of their parts. */
  issues?: readonly IssueLike[];
  errors?: readonly (readonly IssueLike[])[];
}

/** True when one of a failed parse's issues (nested ones included) comes from `UserText`. */
export function hasInvalidText(issues: readonly IssueLike[]): boolean {
  return issues.some(
    (i) =>
      (i.code === 'custom' && (i.params as { code?: unknown } | undefined)?.code === INVALID_TEXT) ||
      (i.issues !== undefined && hasInvalidText(i.issues)) ||
      (i.errors?.some((e) => hasInvalidText(e)) ?? false),
  );
}

/** Opaque server-generated identifier (users, conversations, messages, sessions). */
export const Id = UserText().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
export type Id = z.infer<typeof Id>;

/** Milliseconds since the Unix epoch, assigned by the server. */
export const Timestamp = z.number().int().nonnegative();

const USERNAME_CHARS =
  /^[A-Za-z0-9_.\-\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

/** Code points, not UTF-16 units: "用户名" is three characters long. */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export const Username = UserText()
  .transform((s) => s.normalize('NFC'))
  .refine((s) => charLength(s) >= 3 && charLength(s) <= 32, {
    message: 'username must be 3 to 32 characters',
  })
  .refine((s) => USERNAME_CHARS.test(s), {
    message: 'username may contain letters, digits, _ - . and CJK characters',
  });

export const Password = UserText()
  .refine((s) => charLength(s) >= 8, { message: 'password must be at least 8 characters' })
  .refine((s) => charLength(s) <= 128, { message: 'password must be at most 128 characters' });

export const RoomName = UserText()
  .transform((s) => s.normalize('NFC'))
  .refine((s) => charLength(s) >= 2 && charLength(s) <= 48, {
    message: 'room name must be 2 to 48 characters',
  })
  .refine((s) => USERNAME_CHARS.test(s), {
    message: 'room name may contain letters, digits, _ - . and CJK characters',
  });

export const MESSAGE_MAX_CHARS = 4000;

export const MessageBody = UserText()
  .refine((s) => s.trim().length > 0, { message: 'message is empty' })
  .refine((s) => charLength(s) <= MESSAGE_MAX_CHARS, {
    message: `message must be at most ${MESSAGE_MAX_CHARS} characters`,
  });

/** Client-chosen id that makes a send idempotent: a retry with the same id is stored once. */
export const ClientMsgId = UserText().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** Stable, machine-readable error codes shared by REST answers and socket error frames. */
export const ErrorCode = z.enum([
  'bad_request',
  'invalid_query',
  'invalid_json',
  'validation_failed',
  'unknown_event',
  'payload_too_large',
  'quota_exceeded',
  'invalid_image',
  'range_not_satisfiable',
  'unauthenticated',
  'invalid_credentials',
  'forbidden',
  'not_found',
  'username_taken',
  'room_name_taken',
  'already_member',
  'not_member',
  'conflict',
  'cannot_target_self',
  'already_friends',
  'not_friends',
  'request_pending',
  'request_not_found',
  'not_request_recipient',
  'not_accepting',
  'user_blocked',
  'wrong_password',
  'rate_limited',
  'csrf_failed',
  'account_banned',
  'too_many_sockets',
  'email_taken',
  'email_unverified',
  'token_invalid',
  'token_expired',
  /** The admin setting limits how long after sending a message may be edited. */
  'edit_window_closed',
  /** The message was deleted: it can no longer be edited, reacted to, pinned or forwarded. */
  'message_deleted',
  /** replyTo names no message of this conversation. */
  'invalid_reply',
  /** A mentioned user is not a member of the conversation. */
  'mention_not_member',
  /** @room is for the room's owner and moderators. */
  'room_mention_forbidden',
  'invalid_emoji',
  /** REACTIONS_MAX_PER_MESSAGE distinct emoji, or REACTIONS_MAX_PER_USER of one user, are already there. */
  'too_many_reactions',
  /** The Markdown is nested too deeply or has an over-long link. */
  'markdown_too_complex',
  /** A text field holds a control character (other than tab and newline) or an unpaired surrogate. */
  'invalid_text',
  'unavailable',
  /** The server's disk (uploads or database) is full: retryable once an operator frees space. See ADR 0009. */
  'storage_full',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    /** True when the same request may succeed if sent again later (e.g. database briefly down). */
    retryable: z.boolean().optional(),
    /** Seconds to wait before retrying, when the server can say (also sent as the Retry-After header). */
    retryAfterS: z.number().int().positive().optional(),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;
