import { CloseCode } from '@natter/protocol';
import type { WebSocket } from 'ws';
import type { AppContext, Auth } from '../../context';
import { AppError } from '../../http/errors';

const MESSAGE = 'confirm your email address first: open the link in the mail we sent you';

function mustVerify(ctx: AppContext, auth: Auth): boolean {
  return ctx.config.mail.verification === 'required' && !auth.emailVerified;
}

/** With verification required, an unverified account reaches only the routes marked allowUnverified. */
export function refuseUnverified(ctx: AppContext, auth: Auth): void {
  if (mustVerify(ctx, auth)) throw new AppError('email_unverified', MESSAGE);
}

/** Same rule for the socket: one error frame saying why, then a close the client must not retry. */
export function refuseUnverifiedSocket(ctx: AppContext, auth: Auth, ws: WebSocket): boolean {
  if (!mustVerify(ctx, auth)) return false;
  ws.send(JSON.stringify({ type: 'error', id: null, code: 'email_unverified', message: MESSAGE }));
  ws.close(CloseCode.emailUnverified, 'email_unverified');
  return true;
}
