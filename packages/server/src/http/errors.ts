import type { ErrorCode } from '@natter/protocol';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_query: 400,
  invalid_json: 400,
  validation_failed: 400,
  unknown_event: 400,
  payload_too_large: 413,
  quota_exceeded: 413,
  invalid_image: 422,
  range_not_satisfiable: 416,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  username_taken: 409,
  room_name_taken: 409,
  already_member: 409,
  not_member: 409,
  conflict: 409,
  cannot_target_self: 400,
  already_friends: 409,
  not_friends: 409,
  request_pending: 409,
  request_not_found: 404,
  not_request_recipient: 403,
  not_accepting: 403,
  user_blocked: 409,
  wrong_password: 403,
  rate_limited: 429,
  csrf_failed: 403,
  account_banned: 403,
  too_many_sockets: 429,
  email_taken: 409,
  email_unverified: 403,
  token_invalid: 400,
  token_expired: 410,
  edit_window_closed: 403,
  message_deleted: 409,
  invalid_reply: 400,
  mention_not_member: 400,
  room_mention_forbidden: 403,
  invalid_emoji: 400,
  too_many_reactions: 409,
  markdown_too_complex: 400,
  invalid_text: 400,
  unavailable: 503,
  storage_full: 503,
  internal: 500,
};

/** An error whose code and message are safe to show the client. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { retryable?: boolean; issues?: { path: string; message: string }[]; retryAfterS?: number; status?: number } = {},
  ) {
    super(message);
    this.status = extra.status ?? STATUS[code];
  }
}

export const notFound = (what = 'not found') => new AppError('not_found', what);
export const badRequest = (message: string) => new AppError('bad_request', message);

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', 'SQLITE_BUSY']);

/** True for errors that mean "the database is briefly unreachable", so the client may retry. */
export function isUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}

/** ENOSPC and EDQUOT from the file system, SQLITE_FULL, and PostgreSQL's disk_full (SQLSTATE 53100). */
const STORAGE_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']);

/** How long a client should wait before retrying a write refused for want of space. */
export const STORAGE_FULL_RETRY_AFTER_S = 30;

/** True for errors that mean "the disk under the uploads or the database is full". */
export function isStorageFull(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && STORAGE_FULL_CODES.has(code)) return true;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && isStorageFull(cause);
}

/** The one answer to a write that found no space: 503 (507 for uploads, via `status`), retryable, with Retry-After. */
export function storageFull(status?: number): AppError {
  return new AppError('storage_full', 'the server is out of space, try again later', {
    retryable: true,
    retryAfterS: STORAGE_FULL_RETRY_AFTER_S,
    ...(status !== undefined ? { status } : {}),
  });
}

/** Turn anything thrown into the error a client may see. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isStorageFull(err)) return storageFull();
  if (isUnavailable(err)) return new AppError('unavailable', 'the database is unavailable, try again', { retryable: true });
  return new AppError('internal', 'internal error');
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
