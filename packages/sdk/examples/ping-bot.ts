/**
 * Answers `pong` to every `!ping` in any conversation the bot belongs to.
 *
 *   NATTER_URL=http://127.0.0.1:3000 NATTER_USERNAME=pingbot NATTER_PASSWORD='a long secret' \
 *     npx tsx packages/sdk/examples/ping-bot.ts
 */
import { pathToFileURL } from 'node:url';
import { NatterClient, type NatterClientOptions, NatterError } from '../src/index';

export interface PingBotOptions {
  url: string;
  username: string;
  password: string;
  client?: Partial<NatterClientOptions>;
  log?: (line: string) => void;
}

/** Logs in (registering the account on first run), connects, and starts answering. */
export async function startPingBot(opts: PingBotOptions): Promise<NatterClient> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const client = new NatterClient({ baseUrl: opts.url, ...opts.client });
  try {
    await client.login(opts.username, opts.password);
  } catch (e) {
    if (!(e instanceof NatterError && e.code === 'invalid_credentials')) throw e;
    await client.register(opts.username, opts.password);
    log(`registered ${opts.username}`);
  }
  client.on('message', (m) => {
    if (m.sender.id === client.user?.id || m.body.trim() !== '!ping') return;
    client.sendMessage(m.conversationId, 'pong').catch((e: unknown) => log(`could not answer: ${String(e)}`));
  });
  client.on('status', (s) => log(`status: ${s}`));
  client.on('error', (e) => log(`error: ${e.code} ${e.message}`));
  await client.listConversations();
  await client.connect();
  log(`${opts.username} is listening`);
  return client;
}

async function main(): Promise<void> {
  const { NATTER_URL, NATTER_USERNAME, NATTER_PASSWORD } = process.env;
  if (!NATTER_URL || !NATTER_USERNAME || !NATTER_PASSWORD) {
    console.error('set NATTER_URL, NATTER_USERNAME and NATTER_PASSWORD');
    process.exit(2);
  }
  const client = await startPingBot({ url: NATTER_URL, username: NATTER_USERNAME, password: NATTER_PASSWORD });
  const stop = () => {
    client.disconnect();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof NatterError ? `${e.code}: ${e.message}` : e);
    process.exit(1);
  });
}
