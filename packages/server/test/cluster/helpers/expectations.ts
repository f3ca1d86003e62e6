import type { Message } from '@natter/protocol';
import { expect } from 'vitest';
import type { Api } from '../../helpers/clients';
import { type ChatClient, seqProblems } from './chat-client';
import { waitFor } from './tools';

/**
 * Every acknowledged send is stored exactly once with the id and seq its ack carried, and each
 * client saw the room as one gap-free run of sequences ending at the newest message.
 */
export async function expectStoredOnce(api: Api, roomId: string, clients: ChatClient[]): Promise<void> {
  const stored: Message[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await readThroughBalancer(api, `/api/conversations/${roomId}/messages?limit=200${before ? `&before=${before}` : ''}`);
    stored.unshift(...page.body.messages);
    if (!page.body.hasMore) break;
    before = page.body.messages[0].seq;
  }
  const byClientId = new Map<string, Message[]>();
  for (const m of stored) byClientId.set(m.clientMsgId ?? '', [...(byClientId.get(m.clientMsgId ?? '') ?? []), m]);
  for (const client of clients) {
    for (const [clientMsgId, acked] of client.acked) {
      if (acked.conversationId !== roomId) continue;
      expect(byClientId.get(clientMsgId), clientMsgId).toEqual([expect.objectContaining({ id: acked.id, seq: acked.seq })]);
    }
    await waitFor('the newest message', async () => client.messages(roomId).at(-1)?.seq === stored.at(-1)?.seq, 10_000);
    expect(seqProblems(client.messages(roomId))).toEqual([]);
  }
  expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
}

/** Waits until no client has an unacknowledged send; on timeout says what each one is stuck with. */
export async function allAcked(clients: ChatClient[], timeoutMs = 15_000): Promise<void> {
  try {
    await waitFor('every send acked', async () => clients.every((c) => c.pending.size === 0), timeoutMs);
  } catch (err) {
    const state = clients.map((c) => ({
      pending: [...c.pending.keys()].slice(0, 5),
      socket: c.ws?.readyState ?? 'none',
      nodes: c.nodes,
      lastErrors: c.errors.slice(-3),
      lastFrames: c.frames.slice(-5).map((f) => f.type),
    }));
    throw new Error(`${(err as Error).message}: ${JSON.stringify(state)}`);
  }
}

/**
 * Right after a node dies nginx may answer a 502 of its own (HTML) until it has marked the node down;
 * a client retries that, and so does this read.
 */
async function readThroughBalancer(api: Api, path: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const page = await api.get(path);
      if (page.status === 200) return page;
      if (Date.now() > deadline) throw new Error(`GET ${path} answered ${page.status}`);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
