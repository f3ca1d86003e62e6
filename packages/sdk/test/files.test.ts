import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatterError, UploadCancelledError } from '../src/index';
import { newUser, startTestServer, type TestServer, waitFor } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { MAX_UPLOAD_MB: '1' } });
});
afterAll(async () => {
  await server?.close();
});

describe('files through the client', () => {
  it('uploads, sends with a caption or alone, downloads, and sees a deletion live', async () => {
    const alice = await newUser(server.url, 'falice');
    const bob = await newUser(server.url, 'fbob');
    const [general] = await alice.client.listConversations();
    const id = general!.id;
    await bob.client.listConversations();
    await Promise.all([alice.client.getMessages(id), bob.client.getMessages(id)]);
    await Promise.all([alice.client.connect(), bob.client.connect()]);

    const progress: [number, number][] = [];
    const file = await alice.client.uploadFile(id, new TextEncoder().encode('meeting notes'), {
      name: 'notes.txt',
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    expect(file).toMatchObject({ name: 'notes.txt', size: 13, kind: 'file' });
    expect(progress.at(-1)).toEqual([13, 13]);

    const sent = await alice.client.sendMessage(id, '', { attachments: [file] });
    expect(sent.attachments.map((a) => a.id)).toEqual([file.id]);
    await waitFor(() => bob.client.store.getSnapshot().messages[id]?.some((m) => m.id === sent.id) ?? false, 'bob to get the file');
    const res = await fetch(bob.client.fileUrl(file.url), { headers: { authorization: `Bearer ${bob.client.token}` } });
    expect(await res.text()).toBe('meeting notes');

    await expect(alice.client.sendMessage(id, '  ')).rejects.toMatchObject({ code: 'validation_failed' });

    const deletions: string[] = [];
    bob.client.on('message_deleted', (d) => deletions.push(d.messageId));
    await alice.client.deleteMessage(id, sent.id);
    await waitFor(() => deletions.includes(sent.id), 'bob to hear of the deletion');
    const held = bob.client.store.getSnapshot().messages[id]?.find((m) => m.id === sent.id);
    expect(held).toMatchObject({ deleted: true, body: '', attachments: [] });
    expect(alice.client.store.getSnapshot().messages[id]?.find((m) => m.id === sent.id)?.deleted).toBe(true);
    alice.client.disconnect();
    bob.client.disconnect();
  });

  it('reports the server limit and a cancelled upload as errors', async () => {
    const alice = await newUser(server.url, 'flimit');
    const [general] = await alice.client.listConversations();
    const tooBig = alice.client.uploadFile(general!.id, new Uint8Array(1024 * 1024 + 1), { name: 'big.bin' });
    await expect(tooBig).rejects.toMatchObject({ code: 'payload_too_large', status: 413 });
    const ctl = new AbortController();
    ctl.abort();
    const cancelled = alice.client.uploadFile(general!.id, new Uint8Array(10), { name: 'x.bin', signal: ctl.signal });
    await expect(cancelled).rejects.toBeInstanceOf(UploadCancelledError);
    await expect(cancelled).rejects.toBeInstanceOf(NatterError);
  });
});
