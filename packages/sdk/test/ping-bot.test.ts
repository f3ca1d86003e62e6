import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPingBot } from '../examples/ping-bot';
import type { Message, NatterClient } from '../src/index';
import { allowDirectMessagesFromAnyone, newUser, socketControl, startTestServer, type TestServer, uniqueName, waitFor } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('ping bot example', () => {
  it('registers on first run, then answers !ping in general and in a DM, but not other messages', async () => {
    const botName = uniqueName('pingbot');
    const { ctl, WebSocket } = socketControl();
    const lines: string[] = [];
    const bot: NatterClient = await startPingBot({
      url: server.url,
      username: botName,
      password: 'bot password 1',
      client: { WebSocket, reconnect: { minDelayMs: 50, maxDelayMs: 200 } },
      log: (l) => lines.push(l),
    });
    expect(lines).toContain(`registered ${botName}`);
    await allowDirectMessagesFromAnyone(bot);

    const alice = await newUser(server.url, 'alice');
    const [general] = await alice.client.listConversations();
    await alice.client.getMessages(general!.id);
    await alice.client.connect();
    const heard: Message[] = [];
    alice.client.on('message', (m) => heard.push(m));

    const ping = await alice.client.sendMessage(general!.id, '!ping');
    await alice.client.sendMessage(general!.id, 'ping?');
    await waitFor(() => heard.some((m) => m.body === 'pong' && m.conversationId === general!.id), 'pong in general');
    const pong = heard.find((m) => m.body === 'pong')!;
    expect(pong.sender.username).toBe(botName);
    expect(pong.seq).toBeGreaterThan(ping.seq);

    const dm = await alice.client.openDm(botName);
    await alice.client.sendMessage(dm.id, '  !ping ');
    await waitFor(() => heard.some((m) => m.body === 'pong' && m.conversationId === dm.id), 'pong in the DM');

    // A ping sent while the bot is cut off is answered after it reconnects, once.
    ctl.offline = true;
    ctl.kill();
    await waitFor(() => bot.status === 'reconnecting', 'bot offline');
    await alice.client.sendMessage(dm.id, '!ping');
    ctl.offline = false;
    await waitFor(() => heard.filter((m) => m.body === 'pong' && m.conversationId === dm.id).length === 2, 'second pong');
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.filter((m) => m.body === 'pong')).toHaveLength(3);

    bot.disconnect();
    alice.client.disconnect();

    // Second start logs in with the existing account.
    const again = await startPingBot({ url: server.url, username: botName, password: 'bot password 1', log: () => {} });
    expect(again.user?.username).toBe(botName);
    again.disconnect();
  });
});
