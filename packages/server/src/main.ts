import fs from 'node:fs';
import os from 'node:os';
import { buildApp } from './app';
import { ConfigError, configFromEnv } from './config';
import { startMetricsServer } from './ops/metrics-endpoint';
import { S3Storage } from './ops/s3-storage';

if (fs.existsSync('.env')) process.loadEnvFile('.env');
// This is the production entry point; `npm run dev` sets development explicitly.
process.env.NODE_ENV ??= 'production';

function lanUrls(port: number, basePath: string): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
    .map((i) => `http://${i.address}:${port}${basePath}/`);
}

async function main(): Promise<void> {
  let config;
  try {
    config = configFromEnv(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const app = await buildApp(config);
  // A wrong bucket or key stops the start, instead of failing every upload later.
  if (app.ctx.storage instanceof S3Storage) {
    await app.ctx.storage.check().catch(async (err: unknown) => {
      await app.close();
      throw new Error(`uploads bucket: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
  await app.fastify.listen({ host: config.host, port: config.port });
  const address = app.fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [`Natter is running (${config.database.kind === 'sqlite' ? `SQLite at ${config.database.file}` : 'PostgreSQL'}).`];
  lines.push(`  Local:   http://localhost:${port}${config.basePath}/`);
  if (config.host === '0.0.0.0' || config.host === '::') {
    for (const url of lanUrls(port, config.basePath)) lines.push(`  Network: ${url}`);
  }
  const metricsPort = config.ops.metrics.port;
  if (app.metrics && metricsPort) {
    await startMetricsServer(app.metrics, { ...config.ops.metrics, port: metricsPort });
    lines.push(`  Metrics: http://${config.ops.metrics.host}:${metricsPort}/metrics`);
  }
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.fastify.log.info({ signal }, 'shutting down');
    // Past the timeout the sockets were told to reconnect elsewhere; what is still running is cut off.
    const force = setTimeout(() => {
      app.fastify.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    try {
      await app.close();
    } catch (err) {
      app.fastify.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
