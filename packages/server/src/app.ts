import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import { toOpenApi } from '@natter/protocol';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Cluster } from './cluster/cluster';
import { readinessRoute } from './cluster/readiness';
import type { Config } from './config';
import type { AppContext } from './context';
import { type Db, openDatabase } from './db/database';
import { compressJsonAnswers } from './http/compress-json';
import { body, installErrorHandler } from './http/error-handler';
import { AppError } from './http/errors';
import { mountRoute } from './http/route';
import { loadAppShell, serveWebUi } from './http/web-ui';
import { accountRoutes } from './modules/accounts/routes';
import { ensureGeneral } from './modules/conversations/commands';
import { conversationRoutes } from './modules/conversations/routes';
import { emailRoutes } from './modules/email/routes';
import { JobQueue } from './modules/jobs/queue';
import { createMailer } from './modules/mail/mailer';
import { registerMissedMail } from './modules/missed-mail/check';
import { missedMailRoutes } from './modules/missed-mail/routes';
import { outboxRoutes } from './modules/mail/outbox';
import { friendRoutes } from './modules/friends/routes';
import { lifecycleRoutes } from './modules/lifecycle/routes';
import { fileRoutes } from './modules/files/routes';
import { messageRoutes } from './modules/messages/routes';
import { searchRoutes } from './modules/search/routes';
import { readRoutes } from './modules/reads/routes';
import { settingsRoutes } from './modules/settings/routes';
import { serverSettingsRoutes } from './modules/server-settings/routes';
import { reactionRoutes } from './modules/reactions/routes';
import { pinRoutes } from './modules/pins/routes';
import { MemoryPresence } from './modules/presence/tracker';
import { deploymentOptions, echoRequestId } from './ops/http-options';
import { openFileStorage } from './ops/file-storage';
import { Metrics } from './ops/metrics';
import { StorageHealth } from './ops/storage-health';
import { mountMetricsRoute } from './ops/metrics-endpoint';
import { type Bus, InProcessBus } from './realtime/bus';
import { Gateway } from './realtime/gateway';
import { attachSocketServer } from './realtime/socket-server';
import { MemoryRateLimiter } from './util/rate-limit';
import { adminRoutes } from './modules/admin/routes';
import { promoteConfiguredAdmins } from './modules/admin/commands';
import { loadCommonPasswords } from './security/common-passwords';
import { securityHeaders } from './security/headers';
import { watchSocketSessions } from './security/session-sweep';

export interface NatterApp {
  fastify: FastifyInstance;
  ctx: AppContext;
  gateway: Gateway;
  /** Null unless METRICS_PORT or METRICS_TOKEN is set. */
  metrics: Metrics | null;
  /**
   * Stops taking connections, tells socket clients to reconnect elsewhere, lets frames being handled
   * answer (at most half of SHUTDOWN_TIMEOUT_MS), then closes Redis and the database.
   */
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1024 * 1024;

/** Everything but listening: tests call this in-process, main.ts adds listen(). */
export async function buildApp(config: Config): Promise<NatterApp> {
  const fastify = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: BODY_LIMIT_BYTES,
    ...deploymentOptions(config.ops),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  echoRequestId(fastify);
  let database: Db;
  try {
    database = await openDatabase(config.database);
  } catch (err) {
    await fastify.close();
    throw err;
  }
  let cluster: Cluster | null = null;
  try {
    // Redis's client is loaded only by a node that has one.
    if (config.redisUrl) cluster = await (await import('./cluster/cluster')).openCluster(config, fastify.log);
  } catch (err) {
    await database.close();
    await fastify.close();
    throw err;
  }
  const bus: Bus = cluster?.bus ?? new InProcessBus();
  const { port: metricsPort, token: metricsToken } = config.ops.metrics;
  const metrics: Metrics | null =
    metricsPort || metricsToken
      ? await Metrics.create({
          connections: () => gateway.connectionCount,
          ...(database.poolStats ? { pool: database.poolStats } : {}),
          ...(cluster ? { clusterBus: cluster.bus } : {}),
        })
      : null;
  const events: typeof bus = metrics ? metrics.instrumentBus(bus) : bus;
  // ctx.now, so a test that moves the clock moves due times with it.
  const jobs = new JobQueue(database.db, database.dialect, config.nodeId, config.jobs, fastify.log, () => ctx.now());
  const ctx: AppContext = {
    config,
    db: database.db,
    dialect: database.dialect,
    bus: events,
    presence: cluster?.presence ?? new MemoryPresence(),
    storage: openFileStorage(config),
    storageHealth: StorageHealth.fromConfig(config, fastify.log),
    // ctx.now, not Date.now: tests move the clock to cross a throttle period.
    rateLimiter: cluster?.rateLimiter ?? new MemoryRateLimiter(() => ctx.now()),
    mailer: createMailer(config, fastify.log, () => Date.now(), jobs),
    jobs,
    log: fastify.log,
    now: () => Date.now(),
  };
  await ensureGeneral(ctx);
  registerMissedMail(ctx);
  await promoteConfiguredAdmins(ctx);
  loadCommonPasswords();
  const gateway = new Gateway(events);
  cluster?.attach(gateway, ctx);
  let closing = false;

  installErrorHandler(fastify, ctx.storageHealth);
  securityHeaders(fastify, config);
  compressJsonAnswers(fastify);
  if (metrics) {
    metrics.instrumentHttp(fastify);
    if (metricsToken && !metricsPort) mountMetricsRoute(fastify, metrics, metricsToken);
  }
  const webUi = config.webDist && fs.existsSync(path.join(config.webDist, 'index.html')) ? config.webDist : null;
  await fastify.register(cookie);
  await fastify.register(
    async (scoped) => {
      accountRoutes(scoped, ctx);
      conversationRoutes(scoped, ctx);
      messageRoutes(scoped, ctx);
      searchRoutes(scoped, ctx);
      reactionRoutes(scoped, ctx);
      pinRoutes(scoped, ctx);
      await fileRoutes(scoped, ctx);
      friendRoutes(scoped, ctx);
      readRoutes(scoped, ctx);
      settingsRoutes(scoped, ctx);
      lifecycleRoutes(scoped, ctx);
      adminRoutes(scoped, ctx);
      serverSettingsRoutes(scoped, ctx);
      emailRoutes(scoped, ctx);
      await missedMailRoutes(scoped, ctx);
      if (ctx.mailer.outbox) outboxRoutes(scoped, ctx.mailer.outbox);
      mountRoute(scoped, ctx, 'health', async () => ({ status: 'ok' as const }));
      readinessRoute(scoped, ctx, {
        database: () => database.ping(),
        redis: cluster ? () => cluster.ping() : null,
        draining: () => closing,
        storage: () => ctx.storageHealth.check(),
      });
      scoped.get('/api/openapi.json', async () => toOpenApi(config.basePath));
      if (webUi) await serveWebUi(scoped, webUi);
    },
    { prefix: config.basePath },
  );
  const appShell = webUi ? loadAppShell(webUi) : null;
  fastify.setNotFoundHandler((req, reply) => {
    const rest = req.url.slice(config.basePath.length);
    // Client-side routes fall back to the app shell; unknown API paths stay 404s.
    if (appShell && req.method === 'GET' && req.url.startsWith(config.basePath) && !rest.startsWith('/api')) {
      return appShell.send(reply, req.headers['accept-encoding']);
    }
    return reply.code(404).send(body(new AppError('not_found', `no route ${req.method} ${req.url.split('?')[0]}`)));
  });

  const sockets = attachSocketServer(fastify.server, ctx, gateway);
  const sessionWatch = watchSocketSessions(ctx, gateway);
  // A cut subscription may have lost logouts and bans meant for this node's sockets: check them at once.
  cluster?.bus.onResync((conversationIds) => {
    if (conversationIds === null) sessionWatch.now();
  });
  jobs.start();
  return {
    fastify,
    ctx,
    gateway,
    metrics,
    async close() {
      if (closing) return;
      closing = true;
      sessionWatch.stop();
      await sockets.shutdown(config.shutdownTimeoutMs / 2);
      await closeHttp(fastify, config.shutdownTimeoutMs / 2);
      gateway.close();
      await bus.close();
      if (cluster) await cluster.close();
      await jobs.close(config.shutdownTimeoutMs / 2);
      await ctx.mailer.close();
      await database.close();
      ctx.storageHealth.close();
    },
  };
}

/** Requests in flight get `waitMs` to finish; a connection still open after that (a stalled download) is cut. */
async function closeHttp(fastify: FastifyInstance, waitMs: number): Promise<void> {
  const cut = setTimeout(() => fastify.server.closeAllConnections(), waitMs);
  try {
    await fastify.close();
  } finally {
    clearTimeout(cut);
  }
}
