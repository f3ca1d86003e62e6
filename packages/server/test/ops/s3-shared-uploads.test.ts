import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { Api, signUp } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';

const postgres = (await dialectsUnderTest()).find((d) => d.name === 'postgres');

/** Two nodes on one PostgreSQL database and one bucket: whichever node stored a file, any node serves it. */
describe.skipIf(!postgres)('uploads shared through S3 between two nodes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-s3-nodes-'));
  const nodes: TestServer[] = [];
  let s3: S3rver | undefined;
  afterAll(async () => {
    for (const n of nodes) await n.close();
    await s3?.close();
    await postgres?.dropAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores on one node, serves whole and by range from the other, and deletes from the bucket', async () => {
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(dir, 'bucket'), configureBuckets: [{ name: 'natter-nodes', configs: [] }] });
    const { port } = await s3.run();
    const env = {
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: 'natter-nodes',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_PREFIX: 'natter/',
    };
    const databaseUrl = (await postgres!.create())!;
    nodes.push(await startTestServer({ databaseUrl, env }));
    nodes.push(await startTestServer({ databaseUrl, env }));
    const [a, b] = nodes as [TestServer, TestServer];

    const alice = await signUp(a.url);
    const general = (await alice.api.get('/api/conversations')).body.conversations[0].id as string;
    const bytes = Buffer.from('shared between nodes\n'.repeat(2000));
    const upload = await fetch(`${a.url}/api/conversations/${general}/files?name=notes.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'text/plain' },
      body: bytes,
    });
    expect(upload.status).toBe(201);
    const { file } = (await upload.json()) as { file: { id: string } };
    const stored = fs.readdirSync(path.join(dir, 'bucket', 'natter-nodes'), { recursive: true }).map(String);
    expect(stored.some((p) => p.startsWith('natter'))).toBe(true);
    expect(fs.existsSync(path.join(a.app.ctx.config.dataDir, 'uploads'))).toBe(false);

    const onB = new Api(b.url, alice.token);
    const whole = await fetch(`${b.url}/api/files/${file.id}`, { headers: { authorization: `Bearer ${alice.token}` } });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await fetch(`${b.url}/api/files/${file.id}`, { headers: { authorization: `Bearer ${alice.token}`, range: 'bytes=21-41' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe(bytes.subarray(21, 42).toString());

    expect((await onB.call('DELETE', `/api/files/${file.id}`)).status).toBe(204);
    const gone = await fetch(`${a.url}/api/files/${file.id}`, { headers: { authorization: `Bearer ${alice.token}` } });
    expect(gone.status).toBe(404);
  });
});
