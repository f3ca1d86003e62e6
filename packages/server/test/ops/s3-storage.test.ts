import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AwsClient } from 'aws4fetch';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Config } from '../../src/ops/config';
import { S3Error, S3Storage } from '../../src/ops/s3-storage';
import { spawnServer } from '../helpers/process';

const BUCKET = 'natter-test';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** s3rver knows one account (S3RVER); it checks the access key id but not SigV4 signatures themselves. */
describe('S3 storage against a real S3-compatible server (s3rver)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-s3-'));
  let server: S3rver;
  let config: S3Config;
  let storage: S3Storage;

  beforeAll(async () => {
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(dir, 'bucket-data'), configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port } = await server.run();
    config = {
      endpoint: `http://127.0.0.1:${port}`,
      bucket: BUCKET,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      prefix: 'uploads/',
    };
    storage = new S3Storage(config, path.join(dir, 'spool'));
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function listKeys(): Promise<string[]> {
    const client = new AwsClient({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', service: 's3', region: 'us-east-1', retries: 0 });
    const xml = await (await client.fetch(`${config.endpoint}/${BUCKET}?list-type=2`)).text();
    return [...xml.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]!);
  }

  it('checks the bucket, and names a missing one', async () => {
    await expect(storage.check()).resolves.toBeUndefined();
    await expect(new S3Storage({ ...config, bucket: 'no-such-bucket' }, path.join(dir, 'spool')).check()).rejects.toThrow(/no-such-bucket.*404/);
  });

  it('stores a streamed upload under the prefix and reads it back whole and by range', async () => {
    const bytes = randomBytes(300_000);
    const blob = await storage.put(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000, 200_000), bytes.subarray(200_000)]), { maxBytes: 1_000_000 });
    expect(blob.size).toBe(bytes.length);
    expect(blob.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(blob.key).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await listKeys()).toContain(`uploads/${blob.key}`);

    expect((await readAll(storage.get(blob.key))).equals(bytes)).toBe(true);
    expect((await readAll(storage.get(blob.key, { start: 1000, end: 1999 }))).equals(bytes.subarray(1000, 2000))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'spool'))).toEqual([]);
  });

  it('deletes, after which reading fails like a missing local file', async () => {
    const blob = await storage.put(Readable.from([Buffer.from('short lived')]));
    await storage.delete(blob.key);
    await expect(readAll(storage.get(blob.key))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(storage.delete(blob.key)).resolves.toBeUndefined();
    expect(await listKeys()).not.toContain(`uploads/${blob.key}`);
  });

  it('refuses an upload over maxBytes before anything reaches the bucket', async () => {
    const before = await listKeys();
    await expect(storage.put(Readable.from([randomBytes(600), randomBytes(600)]), { maxBytes: 1000 })).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(await listKeys()).toEqual(before);
    expect(fs.readdirSync(path.join(dir, 'spool'))).toEqual([]);
  });

  it('fails with the service error when the credentials are refused', async () => {
    const wrong = new S3Storage({ ...config, accessKeyId: 'NOT-A-KEY' }, path.join(dir, 'spool'));
    const err = await wrong.put(Readable.from([Buffer.from('x')])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3Error);
    expect(err).toMatchObject({ status: 403, s3Code: 'InvalidAccessKeyId' });
    await expect(readAll(wrong.get('A'.repeat(24)))).rejects.toThrow(/403/);
  });

  it('clears parts a crashed process left in the spool, and keeps recent ones', () => {
    const spool = path.join(dir, 'crash-spool');
    fs.mkdirSync(spool, { recursive: true });
    const stale = path.join(spool, 'old.part');
    const recent = path.join(spool, 'new.part');
    fs.writeFileSync(stale, 'x');
    fs.writeFileSync(recent, 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(stale, twoHoursAgo, twoHoursAgo);
    new S3Storage(config, spool);
    expect(fs.readdirSync(spool)).toEqual(['new.part']);
  });

  it('rejects keys it never hands out', async () => {
    await expect(readAll(storage.get('../../etc/passwd'))).rejects.toThrow(/invalid storage key/);
    await expect(storage.delete('a/b')).rejects.toThrow(/invalid storage key/);
  });

  it('stops the server at start when the bucket is not usable, naming it', async () => {
    const failed = await spawnServer({
      S3_ENDPOINT: config.endpoint,
      S3_BUCKET: 'missing-bucket',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      DATA_DIR: path.join(dir, 'node-data'),
    }).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(failed).toMatch(/exited with 1/);
    expect(failed).toMatch(/uploads bucket: .*missing-bucket.*404/);
  });
});
