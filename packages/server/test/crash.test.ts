import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Api, signUp, Socket } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { kill9, spawnServer } from './helpers/process';

const dialects = await dialectsUnderTest();

describe.each(dialects)('a SIGKILL during a burst of sends on $name', (dialect) => {
  afterAll(() => dialect.dropAll());

  it('keeps every acknowledged message exactly once', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-crash-'));
    const databaseUrl = await dialect.create();
    const env = { DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
    const first = await spawnServer(env);

    const senders = await Promise.all([0, 1, 2, 3].map(() => signUp(first.url)));
    const general = (await senders[0]!.api.get('/api/conversations')).body.conversations.find((c: any) => c.name === 'general');
    const sockets = await Promise.all(senders.map(async (s) => (await Socket.connect(first.url, s.token)).socket));

    // Each socket streams sends without waiting for acks; the server dies mid-stream.
    const acked = new Map<string, { id: string; seq: number }>();
    const attempted: { sender: number; clientMsgId: string; body: string }[] = [];
    for (const socket of sockets) {
      socket.ws.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.type === 'ack') acked.set(frame.message.clientMsgId, { id: frame.message.id, seq: frame.message.seq });
      });
    }
    let stop = false;
    const streams = sockets.map(async (socket, sender) => {
      for (let i = 0; !stop && i < 400; i++) {
        const clientMsgId = `crash-${sender}-${String(i).padStart(4, '0')}`;
        attempted.push({ sender, clientMsgId, body: `burst ${sender}/${i}` });
        socket.send({ type: 'send', id: clientMsgId, conversationId: general.id, clientMsgId, body: `burst ${sender}/${i}` });
        await new Promise((r) => setTimeout(r, 40));
      }
    });
    while (acked.size < 30) await new Promise((r) => setTimeout(r, 10));
    await kill9(first);
    stop = true;
    await Promise.all(streams);
    const ackedBeforeKill = new Map(acked);
    expect(ackedBeforeKill.size).toBeGreaterThanOrEqual(30);

    const second = await spawnServer(env);
    try {
      const reader = new Api(second.url, senders[0]!.token);
      const stored: any[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await reader.get(`/api/conversations/${general.id}/messages?limit=200${before ? `&before=${before}` : ''}`);
        stored.unshift(...page.body.messages);
        if (!page.body.hasMore) break;
        before = page.body.messages[0].seq;
      }
      expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
      const byClientId = new Map<string, any[]>();
      for (const m of stored) byClientId.set(m.clientMsgId, [...(byClientId.get(m.clientMsgId) ?? []), m]);
      for (const [clientMsgId, ack] of ackedBeforeKill) {
        const copies = byClientId.get(clientMsgId) ?? [];
        expect(copies, clientMsgId).toHaveLength(1);
        expect(copies[0]).toMatchObject({ id: ack.id, seq: ack.seq });
      }
      expect([...byClientId.values()].every((copies) => copies.length === 1)).toBe(true);

      // Resending everything after the restart stores nothing twice.
      const resent = await Promise.all(
        attempted.slice(0, 60).map((a) =>
          new Api(second.url, senders[a.sender]!.token).post(`/api/conversations/${general.id}/messages`, { clientMsgId: a.clientMsgId, body: a.body }),
        ),
      );
      for (const r of resent) {
        const ack = ackedBeforeKill.get(r.body.message.clientMsgId);
        if (ack) expect(r.body.message.id).toBe(ack.id);
      }
      const after = await reader.get(`/api/conversations/${general.id}/messages?limit=1`);
      const distinct = new Set([...stored.map((m) => m.clientMsgId), ...attempted.slice(0, 60).map((a) => a.clientMsgId)]);
      expect(after.body.messages[0].seq).toBe(distinct.size);
    } finally {
      await kill9(second);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
