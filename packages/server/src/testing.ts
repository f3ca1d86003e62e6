import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type NatterApp } from './app';
import { configFromEnv } from './config';

export interface TestServer {
  url: string;
  app: NatterApp;
  close(): Promise<void>;
}

/**
 * A real server on 127.0.0.1 with a fresh data directory, for tests of the SDK, the bench and the
 * server itself. `databaseUrl` selects PostgreSQL (an empty database the caller created).
 */
export async function startTestServer(opts: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-test-'));
  const config = configFromEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.NATTER_TEST_LOG ?? 'silent',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    WEB_DIST: '',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...opts.env,
  });
  const app = await buildApp({ ...config, webDist: opts.env?.WEB_DIST ?? null });
  await app.fastify.listen({ host: '127.0.0.1', port: 0 });
  const address = app.fastify.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not bind a port');
  return {
    url: `http://127.0.0.1:${address.port}${config.basePath}`,
    app,
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
