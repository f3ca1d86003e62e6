import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { AwsV4Signer } from 'aws4fetch';
import { type ByteRange, type FileStorage, spoolToFile, type StoredBlob, sweepStaleParts } from '../modules/files/storage';
import type { S3Config } from './config';

const KEY = /^[A-Za-z0-9_-]{16,64}$/;

interface S3Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

/** An S3 failure with what the service said, so an operator can tell a bad key from a missing bucket. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly s3Code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * File bytes in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage, R2…), so every node of a
 * cluster serves every upload. Uploads are spooled to a local temp file first: S3 needs the length
 * and hash before the first byte, and the size limit must hold before anything reaches the bucket.
 */
export class S3Storage implements FileStorage {
  private readonly lib: typeof http | typeof https;

  constructor(
    private readonly config: S3Config,
    private readonly tmpDir = path.join(os.tmpdir(), 'natter-s3-spool'),
  ) {
    this.lib = new URL(config.endpoint).protocol === 'https:' ? https : http;
    fs.mkdirSync(this.tmpDir, { recursive: true });
    sweepStaleParts(this.tmpDir);
  }

  /** Fails with the service's own words when the bucket is missing or the keys are wrong. */
  async check(): Promise<void> {
    const res = await this.request('HEAD', '');
    res.body.resume();
    if (res.status !== 200) throw new S3Error(res.status, String(res.status), `the bucket ${this.config.bucket} at ${this.config.endpoint} answered ${res.status}`);
  }

  async put(stream: Readable, opts: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const key = randomBytes(18).toString('base64url');
    const spool = path.join(this.tmpDir, `${key}.part`);
    try {
      const { size, sha256 } = await spoolToFile(stream, spool, opts.maxBytes);
      const res = await this.request('PUT', key, {
        headers: { 'content-length': String(size), 'content-type': 'application/octet-stream', 'x-amz-content-sha256': sha256 },
        body: fs.createReadStream(spool),
      });
      if (res.status !== 200) throw await failure('PUT', res);
      res.body.resume();
      return { key, size, sha256 };
    } finally {
      await fs.promises.rm(spool, { force: true });
    }
  }

  get(key: string, range?: ByteRange): Readable {
    const out = new PassThrough();
    if (!KEY.test(key)) {
      process.nextTick(() => out.destroy(new Error('invalid storage key')));
      return out;
    }
    const headers: Record<string, string> = range ? { range: `bytes=${range.start}-${range.end}` } : {};
    this.request('GET', key, { headers }).then(
      async (res) => {
        if (res.status === 200 || res.status === 206) {
          res.body.on('error', (err) => out.destroy(err));
          res.body.pipe(out);
          return;
        }
        // Same shape as a missing local file, so callers need not know which storage answered.
        const err = res.status === 404 ? Object.assign(new Error(`no stored object ${key}`), { code: 'ENOENT' }) : await failure('GET', res);
        out.destroy(err);
      },
      (err: Error) => out.destroy(err),
    );
    return out;
  }

  async delete(key: string): Promise<void> {
    if (!KEY.test(key)) throw new Error('invalid storage key');
    const res = await this.request('DELETE', key);
    if (res.status !== 204 && res.status !== 200 && res.status !== 404) throw await failure('DELETE', res);
    res.body.resume();
  }

  private objectUrl(key: string): URL {
    const endpoint = new URL(this.config.endpoint);
    const object = key ? `/${encodeURIComponent(this.config.prefix + key).replace(/%2F/g, '/')}` : '';
    if (this.config.forcePathStyle) return new URL(`${endpoint.origin}${endpoint.pathname.replace(/\/$/, '')}/${this.config.bucket}${object}`);
    return new URL(`${endpoint.protocol}//${this.config.bucket}.${endpoint.host}${endpoint.pathname.replace(/\/$/, '')}${object || '/'}`);
  }

  private async request(method: string, key: string, opts: { headers?: Record<string, string>; body?: Readable } = {}): Promise<S3Answer> {
    const url = this.objectUrl(key);
    const signer = new AwsV4Signer({
      method,
      url: url.toString(),
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...opts.headers },
      accessKeyId: this.config.accessKeyId,
      secretAccessKey: this.config.secretAccessKey,
      service: 's3',
      region: this.config.region,
    });
    const signed = await signer.sign();
    const headers: Record<string, string> = {};
    signed.headers.forEach((value, name) => (headers[name] = value));
    return new Promise<S3Answer>((resolve, reject) => {
      const req = this.lib.request(url, { method, headers, timeout: 30_000 }, (res) =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
      );
      req.on('timeout', () => req.destroy(new Error(`S3 ${method} timed out`)));
      req.on('error', reject);
      if (opts.body) {
        opts.body.on('error', (err) => req.destroy(err));
        opts.body.pipe(req);
      } else req.end();
    });
  }
}

async function failure(method: string, res: S3Answer): Promise<S3Error> {
  let text = '';
  for await (const chunk of res.body) if (text.length < 4096) text += chunk;
  const code = text.match(/<Code>([^<]+)<\/Code>/)?.[1] ?? String(res.status);
  const message = text.match(/<Message>([^<]+)<\/Message>/)?.[1] ?? '';
  return new S3Error(res.status, code, `S3 ${method} failed: ${res.status} ${code}${message ? ` (${message})` : ''}`);
}
