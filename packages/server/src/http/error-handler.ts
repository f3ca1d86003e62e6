import type { ApiError, ErrorCode } from '@natter/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { StorageHealth } from '../ops/storage-health';
import { AppError, toAppError } from './errors';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'bad_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

function fromFastify(err: FastifyError): AppError | null {
  const code = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (code) return new AppError(code, err.message);
  // secure-json-parse refuses __proto__ and constructor.prototype keys with a SyntaxError.
  if (err instanceof SyntaxError || err.statusCode === 400) return new AppError('invalid_json', 'the body is not valid JSON');
  if (err.statusCode === 413) return new AppError('payload_too_large', 'the body is too large');
  if (err.statusCode === 415) return new AppError('bad_request', 'unsupported content type');
  return null;
}

export function body(err: AppError): ApiError {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.extra.retryable !== undefined ? { retryable: err.extra.retryable } : {}),
      ...(err.extra.retryAfterS !== undefined ? { retryAfterS: err.extra.retryAfterS } : {}),
      ...(err.extra.issues ? { issues: err.extra.issues } : {}),
    },
  };
}

/** Every failure leaves as `{ error: { code, message } }`; stack traces only reach the log. */
export function installErrorHandler(app: FastifyInstance, storageHealth?: StorageHealth): void {
  app.setErrorHandler((raw: FastifyError, req, reply) => {
    storageHealth?.observe(raw);
    const err = raw instanceof AppError ? raw : (fromFastify(raw) ?? toAppError(raw));
    // "Unavailable" and "storage full" are expected states (database or Redis down, node draining, disk
    // full: StorageHealth logs what is full once), not bugs: warn once per request.
    if (err.code === 'unavailable' || err.code === 'storage_full') req.log.warn({ err: raw }, `request refused: ${err.code}`);
    else if (err.status >= 500) req.log.error({ err: raw }, 'request failed');
    if (err.extra.retryAfterS !== undefined) void reply.header('retry-after', String(err.extra.retryAfterS));
    void reply.code(err.status).send(body(err));
  });
}
