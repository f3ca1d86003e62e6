import { afterAll, describe, expect, it } from 'vitest';
import { type MetricsServer, startMetricsServer } from '../../src/ops/metrics-endpoint';
import { startTestServer, type TestServer } from '../../src/testing';
import { Socket, nextId, signUp } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { serverFor } from '../helpers/server';

const TOKEN = 'metrics-token-0123456789';

/** One sample's value from the text exposition format; labels must match exactly as written. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name} in:\n${text.slice(0, 2000)}`);
  return Number(line.slice(name.length + 1));
}

const dialects = await dialectsUnderTest();

describe.each(dialects)('Prometheus metrics on $name', (dialect) => {
  const server = serverFor(dialect, { METRICS_TOKEN: TOKEN });
  const scrape = async (url: string, token = TOKEN) => {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('serves /metrics on the main port only with the bearer token', async () => {
    const { url } = await server();
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/metrics`)).status).toBe(401);
    const wrong = await scrape(origin, 'not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text).error.code).toBe('unauthenticated');
    const ok = await scrape(origin);
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain/);
    expect(ok.text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('counts sockets and messages, times fan-out and HTTP by route pattern', async () => {
    const { url } = await server();
    const origin = new URL(url).origin;
    const before = await scrape(origin);
    const sentBefore = sample(before.text, 'natter_messages_sent_total');
    const lagBefore = sample(before.text, 'natter_fanout_lag_seconds_count');

    const a = await signUp(url);
    const b = await signUp(url);
    const { socket: sa, welcome } = await Socket.connect(url, a.token);
    const { socket: sb } = await Socket.connect(url, b.token);
    const general = Object.keys(welcome.heads)[0]!;
    for (let i = 0; i < 3; i++) {
      const ack = await sa.request({ type: 'send', id: nextId(), conversationId: general, clientMsgId: `metric-${i}`, body: `hello ${i}` });
      expect(ack.type).toBe('ack');
    }
    await sb.next((f) => f.type === 'message' && f.message.body === 'hello 2');
    // A retried send is answered from the database: it is not a new message.
    await sa.request({ type: 'send', id: nextId(), conversationId: general, clientMsgId: 'metric-0', body: 'hello 0' });
    const history = await a.api.get(`/api/conversations/${general}/messages`);
    expect(history.status).toBe(200);

    const after = await scrape(origin);
    expect(sample(after.text, 'natter_socket_connections')).toBe(2);
    expect(sample(after.text, 'natter_messages_sent_total') - sentBefore).toBe(3);
    // One observation per message event, however many sockets it reached.
    expect(sample(after.text, 'natter_fanout_lag_seconds_count') - lagBefore).toBe(3);
    expect(after.text).toMatch(/natter_http_request_duration_seconds_count\{method="GET",route="\/api\/conversations\/:id\/messages",status_code="200"\} [1-9]/);
    expect(after.text).toMatch(/natter_http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/register",status_code="201"\} [1-9]/);
    if (dialect.name === 'postgres') {
      expect(sample(after.text, 'natter_db_pool_max')).toBe(10);
      expect(sample(after.text, 'natter_db_pool_connections')).toBeGreaterThan(0);
      expect(after.text).toMatch(/^natter_db_pool_waiting \d+$/m);
    } else {
      expect(after.text).not.toMatch(/natter_db_pool/);
    }
    sa.close();
    sb.close();
  });
});

describe('metrics on a port of their own', () => {
  const [sqlite] = dialects;
  const server = serverFor(sqlite!, { METRICS_PORT: '9' });
  let listener: MetricsServer | undefined;
  afterAll(async () => listener?.close());

  it('serves /metrics there, and not on the main port', async () => {
    const { url, app } = await server();
    expect(app.metrics).not.toBeNull();
    listener = await startMetricsServer(app.metrics!, { host: '127.0.0.1', port: 0, token: null });
    const res = await fetch(`http://127.0.0.1:${listener.port}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^natter_socket_connections 0$/m);
    expect((await fetch(`http://127.0.0.1:${listener.port}/other`)).status).toBe(404);
    expect((await fetch(`${new URL(url).origin}/metrics`)).status).toBe(404);
  });
});

describe('without METRICS_PORT or METRICS_TOKEN', () => {
  const [sqlite] = dialects;
  const server = serverFor(sqlite!);
  it('collects nothing and serves no /metrics', async () => {
    const { url, app } = await server();
    expect(app.metrics).toBeNull();
    expect((await fetch(`${new URL(url).origin}/metrics`)).status).toBe(404);
  });
});

describe.skipIf(!dialects.some((d) => d.name === 'postgres'))('metrics of the Redis bus between two nodes', () => {
  const pg = dialects.find((d) => d.name === 'postgres')!;
  const nodes: TestServer[] = [];
  afterAll(async () => {
    for (const n of nodes) await n.close();
    await pg.dropAll();
  });

  it('counts events published and received, and times their transit', async () => {
    const databaseUrl = (await pg.create())!;
    const env = { METRICS_TOKEN: TOKEN, REDIS_URL: process.env.NATTER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
    nodes.push(await startTestServer({ databaseUrl, env: { ...env, NODE_ID: 'metrics-a' } }));
    nodes.push(await startTestServer({ databaseUrl, env: { ...env, NODE_ID: 'metrics-b' } }));
    const [a, b] = nodes as [TestServer, TestServer];
    const scrapeText = async (url: string) => (await fetch(`${new URL(url).origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();

    const alice = await signUp(a.url);
    const bob = await signUp(b.url);
    const { socket, welcome } = await Socket.connect(b.url, bob.token);
    const general = Object.keys(welcome.heads)[0]!;
    const receivedBefore = sample(await scrapeText(b.url), 'natter_bus_received_total');
    const sent = await alice.api.post(`/api/conversations/${general}/messages`, { clientMsgId: 'metrics-bus-1', body: 'across nodes' });
    expect(sent.status).toBe(201);
    await socket.next((f) => f.type === 'message' && f.message.body === 'across nodes');

    const onA = await scrapeText(a.url);
    const onB = await scrapeText(b.url);
    expect(sample(onA, 'natter_bus_published_total')).toBeGreaterThanOrEqual(1);
    expect(sample(onA, 'natter_bus_publish_failures_total')).toBe(0);
    expect(sample(onB, 'natter_bus_received_total')).toBeGreaterThan(receivedBefore);
    expect(sample(onB, 'natter_bus_transit_seconds_count')).toBeGreaterThanOrEqual(1);
    // The message reached B's socket through the gateway: B timed its fan-out, A counted the send.
    expect(sample(onB, 'natter_fanout_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(onA, 'natter_messages_sent_total')).toBe(1);
    expect(sample(onB, 'natter_messages_sent_total')).toBe(0);
    socket.close();
  });
});
