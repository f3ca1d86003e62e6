import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { deleteUpload, sweepUnattached, uploadFile } from './commands';
import { serveFile } from './download';
import { listSharedFiles, storageOf } from './shared';

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** Upload, download and removal of files, and the hourly sweep of abandoned uploads. */
export async function fileRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (raw) => {
    // The body is the file itself, of any type: hand the request stream over unread.
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_req, _payload, done) => done(null));
    // Refused before the body was read: close rather than drain megabytes nobody wants.
    raw.addHook('onSend', async (req, reply) => {
      if (!req.raw.complete) void reply.header('connection', 'close');
    });
    mountRoute(raw, ctx, 'uploadFile', async ({ auth, params, query, req }) => {
      const length = req.headers['content-length'];
      const file = await uploadFile(ctx, auth, {
        conversationId: params.id,
        name: query.name,
        body: req.raw as Readable,
        declaredSize: length !== undefined && /^\d+$/.test(length) ? Number(length) : null,
      });
      return { file };
    });
  });
  mountRoute(app, ctx, 'myStorage', async ({ auth }) => storageOf(ctx, auth));
  mountRoute(app, ctx, 'listSharedFiles', async ({ auth, params, query }) => listSharedFiles(ctx, auth, params.id, query));
  mountRoute(app, ctx, 'deleteUpload', async ({ auth, params }) => deleteUpload(ctx, auth, params.id));
  app.get('/api/files/:id', (req, reply) => serveFile(ctx, req, reply, 'original'));
  app.get('/api/files/:id/thumbnail', (req, reply) => serveFile(ctx, req, reply, 'thumbnail'));

  const sweep = () => void sweepUnattached(ctx).catch((err) => ctx.log.warn({ err }, 'sweeping unattached uploads failed'));
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
