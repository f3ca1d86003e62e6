import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../http/errors';
import { mountRoute } from '../http/route';

export interface ReadinessChecks {
  database(): Promise<boolean>;
  /** Null when this node runs without Redis. */
  redis: (() => Promise<boolean>) | null;
  /** True once a shutdown began: the balancer should stop sending new clients here. */
  draining(): boolean;
  /** The stores a write found full and that have no space yet (ADR 0009). */
  storage(): Promise<{ store: string; what: string }[]>;
}

/** `/api/ready`: 200 when this node can serve, else 503 `unavailable` (or `storage_full`) whose issues name what failed. */
export function readinessRoute(app: FastifyInstance, ctx: AppContext, checks: ReadinessChecks): void {
  mountRoute(app, ctx, 'ready', async () => {
    const [database, redis, full] = await Promise.all([checks.database(), checks.redis ? checks.redis() : Promise.resolve(true), checks.storage()]);
    const issues: { path: string; message: string }[] = [];
    if (checks.draining()) issues.push({ path: 'node', message: 'shutting down' });
    if (!database) issues.push({ path: 'database', message: 'not answering' });
    if (!redis) issues.push({ path: 'redis', message: 'not answering' });
    for (const f of full) issues.push({ path: `storage.${f.store}`, message: `full: ${f.what}` });
    if (issues.length > 0) {
      const code = issues.every((i) => i.path.startsWith('storage.')) ? 'storage_full' : 'unavailable';
      throw new AppError(code, `not ready: ${issues.map((i) => `${i.path} ${i.message}`).join(', ')}`, { retryable: true, issues });
    }
    return { status: 'ready' as const, checks: { database: 'ok' as const, redis: checks.redis ? ('ok' as const) : ('disabled' as const) } };
  });
}
