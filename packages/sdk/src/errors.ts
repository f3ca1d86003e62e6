import { ApiError, type ErrorCode } from '@natter/protocol';

export interface NatterIssue {
  path: string;
  message: string;
}

/** Every failure the SDK reports, REST or socket, carries one of the protocol's stable error codes. */
export class NatterError extends Error {
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryable?: boolean;
  readonly issues?: NatterIssue[];

  constructor(
    code: ErrorCode,
    message: string,
    extra: { status?: number; retryable?: boolean; issues?: NatterIssue[]; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'NatterError';
    this.code = code;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryable !== undefined) this.retryable = extra.retryable;
    if (extra.issues !== undefined) this.issues = extra.issues;
  }
}

function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 422) return 'validation_failed';
  if (status === 429) return 'rate_limited';
  if (status === 507) return 'storage_full';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  if (status >= 500) return 'internal';
  return 'bad_request';
}

/** Turns a non-2xx answer into a NatterError, trusting the server's error body when it has the agreed shape. */
export function errorFromResponse(status: number, body: unknown): NatterError {
  const parsed = ApiError.safeParse(body);
  if (parsed.success) {
    const e = parsed.data.error;
    return new NatterError(e.code, e.message, {
      status,
      ...(e.retryable !== undefined ? { retryable: e.retryable } : {}),
      ...(e.issues !== undefined ? { issues: e.issues } : {}),
    });
  }
  const code = codeForStatus(status);
  return new NatterError(code, `request failed with HTTP ${status}`, {
    status,
    retryable: code === 'unavailable' || code === 'rate_limited' || code === 'storage_full',
  });
}

export function issuesFromZod(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix = ''): NatterIssue[] {
  return issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter((p) => p !== '').join('.'),
    message: i.message,
  }));
}

export function toNatterError(e: unknown): NatterError {
  if (e instanceof NatterError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new NatterError('unavailable', `network error: ${message}`, { retryable: true, cause: e });
}
