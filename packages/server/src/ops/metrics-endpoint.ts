import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/errors';
import type { OpsConfig } from './config';
import type { Metrics } from './metrics';

export const METRICS_PATH = '/metrics';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time comparison of the bearer token, so timing reveals nothing of the secret. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return !!m?.[1] && timingSafeEqual(digest(m[1]), digest(token));
}

/** /metrics on the main port, at the root (outside BASE_PATH, so a proxy serving /chat/ never exposes it). */
export function mountMetricsRoute(fastify: FastifyInstance, metrics: Metrics, token: string): void {
  fastify.get(METRICS_PATH, async (req, reply) => {
    if (!bearerMatches(req.headers.authorization, token)) throw new AppError('unauthenticated', 'metrics need Authorization: Bearer <METRICS_TOKEN>');
    const { contentType, body } = await metrics.render();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** A listener of its own, for a port kept off the public network; the token still applies when set. */
export async function startMetricsServer(metrics: Metrics, options: OpsConfig['metrics'] & { port: number }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (req.method !== 'GET' || path !== METRICS_PATH) return send(res, 404, 'text/plain', 'not found\n');
    if (options.token && !bearerMatches(req.headers.authorization, options.token)) return send(res, 401, 'text/plain', 'unauthorized\n');
    metrics.render().then(
      ({ contentType, body }) => send(res, 200, contentType, body),
      () => send(res, 500, 'text/plain', 'metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  // Never the reason the process stays up: shutdown is driven by the main server.
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(res: http.ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}
