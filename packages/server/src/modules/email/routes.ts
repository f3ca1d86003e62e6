import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { signedIn, userAgent } from '../accounts/routes';
import { appBaseUrl } from '../mail/links';
import { requestPasswordReset, resetPassword } from './reset';
import { changeEmail, resendVerification, verifyEmail } from './verification';

export function emailRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'authOptions', async () => ({
    emailVerification: ctx.config.mail.verification,
    devOutbox: ctx.mailer.outbox !== null,
  }));
  mountRoute(app, ctx, 'verifyEmail', async ({ body }) => verifyEmail(ctx, body.token));
  mountRoute(app, ctx, 'resendVerification', async ({ auth, req }) => {
    await resendVerification(ctx, auth, appBaseUrl(ctx.config, req));
  });
  mountRoute(app, ctx, 'changeEmail', async ({ auth, body, req }) => ({ user: await changeEmail(ctx, auth, body, appBaseUrl(ctx.config, req)) }));
  mountRoute(app, ctx, 'requestPasswordReset', async ({ body, req }) => {
    requestPasswordReset(ctx, body.login, appBaseUrl(ctx.config, req));
  });
  mountRoute(app, ctx, 'resetPassword', async ({ body, req, reply }) =>
    signedIn(ctx, req, reply, await resetPassword(ctx, body.token, body.password, userAgent(req))),
  );
}
