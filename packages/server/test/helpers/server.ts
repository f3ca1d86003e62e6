import { afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import type { DialectUnderTest } from './databases';

/** One real server per dialect for a test file, closed and its database dropped afterwards. */
export function serverFor(dialect: DialectUnderTest, env?: Record<string, string>): () => Promise<TestServer> {
  let server: Promise<TestServer> | undefined;
  afterAll(async () => {
    if (server) await (await server).close();
    await dialect.dropAll();
  });
  return () => {
    server ??= dialect.create().then((databaseUrl) => startTestServer({ ...(databaseUrl ? { databaseUrl } : {}), ...(env ? { env } : {}) }));
    return server;
  };
}
