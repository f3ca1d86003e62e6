import { type Attachment, UploadResponse } from '@natter/protocol';
import { errorFromResponse, NatterError, toNatterError } from './errors';

export interface UploadOptions {
  /** The file's name as the user sees it; the server cleans it. Defaults to a File's own name. */
  name?: string;
  /** Bytes sent so far and the total, as the body goes out (browsers with XMLHttpRequest). */
  onProgress?: (sent: number, total: number) => void;
  /** Aborting cancels the upload; the server keeps nothing of it. */
  signal?: AbortSignal;
}

export type UploadBody = Blob | ArrayBuffer | Uint8Array;

export interface UploadTarget {
  url: string;
  token: string | null;
  fetch: typeof fetch;
  /** Extra headers the client adds to unsafe requests (e.g. CSRF). */
  headers?: Record<string, string>;
}

/**
 * POSTs the raw bytes as the body, the name in the query. XMLHttpRequest where it exists, because
 * only it reports upload progress; fetch elsewhere (Node).
 */
export async function uploadBytes(target: UploadTarget, body: UploadBody, opts: UploadOptions): Promise<Attachment> {
  const name = opts.name ?? (typeof File !== 'undefined' && body instanceof File ? body.name : '');
  if (!name) throw new NatterError('validation_failed', 'a file name is needed');
  const url = `${target.url}?name=${encodeURIComponent(name)}`;
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', accept: 'application/json', ...target.headers };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  const Xhr = (globalThis as { XMLHttpRequest?: new () => XhrLike }).XMLHttpRequest;
  const answer = Xhr
    ? await viaXhr(Xhr, url, headers, body, opts)
    : await viaFetch(target.fetch, url, headers, body, opts);
  if (answer.status < 200 || answer.status >= 300) throw errorFromResponse(answer.status, answer.json);
  const parsed = UploadResponse.safeParse(answer.json);
  if (!parsed.success) throw new NatterError('internal', 'unexpected answer to an upload', { status: answer.status });
  return parsed.data.file;
}

/** The part of the browser's XMLHttpRequest used here (the SDK builds without DOM types). */
interface XhrLike {
  open(method: string, url: string): void;
  withCredentials: boolean;
  setRequestHeader(name: string, value: string): void;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  status: number;
  responseText: string;
  send(body: unknown): void;
  abort(): void;
}

interface RawAnswer {
  status: number;
  json: unknown;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function sizeOf(body: UploadBody): number {
  return body instanceof Blob ? body.size : body.byteLength;
}

async function viaFetch(f: typeof fetch, url: string, headers: Record<string, string>, body: UploadBody, opts: UploadOptions): Promise<RawAnswer> {
  try {
    const res = await f(url, { method: 'POST', headers, body: body as RequestInit['body'], credentials: 'include', ...(opts.signal ? { signal: opts.signal } : {}) });
    const total = sizeOf(body);
    opts.onProgress?.(total, total);
    return { status: res.status, json: parseJson(await res.text()) };
  } catch (e) {
    throw opts.signal?.aborted ? cancelled() : toNatterError(e);
  }
}

function viaXhr(Xhr: new () => XhrLike, url: string, headers: Record<string, string>, body: UploadBody, opts: UploadOptions): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new Xhr();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded, e.lengthComputable ? e.total : sizeOf(body));
    xhr.onload = () => resolve({ status: xhr.status, json: parseJson(xhr.responseText) });
    xhr.onerror = () => reject(new NatterError('unavailable', 'the upload failed: network error', { retryable: true }));
    xhr.onabort = () => reject(cancelled());
    if (opts.signal) {
      if (opts.signal.aborted) return reject(cancelled());
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(body);
  });
}

/** The caller aborted the upload: not a failure to show, and nothing was kept. */
export class UploadCancelledError extends NatterError {
  constructor() {
    super('bad_request', 'the upload was cancelled');
    this.name = 'UploadCancelledError';
  }
}

function cancelled(): NatterError {
  return new UploadCancelledError();
}
