import { lazy, type ReactNode } from 'react';
import type { AuthOptions, Me } from '@natter/protocol';
import type { Session } from '../../hooks/useSession';
import type { Route } from '../../lib/route';

// Reached from an emailed link or a button, never on the first screen: each loads when shown
// (App's Suspense shows the splash meanwhile).
const CheckEmailPage = lazy(() => import('./CheckEmailPage').then((m) => ({ default: m.CheckEmailPage })));
const ForgotPasswordPage = lazy(() => import('./ForgotPasswordPage').then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => import('./ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })));
const VerifyEmailPage = lazy(() => import('./VerifyEmailPage').then((m) => ({ default: m.VerifyEmailPage })));

interface Props {
  route: Route;
  session: Session;
  options: AuthOptions | null;
  navigate: (next: Route, opts?: { replace?: boolean }) => void;
  signedIn: (user: Me) => void;
  onLogout: () => void;
}

/**
 * The page for an emailed link, the forgotten-password form, or, while the server requires a
 * confirmed address this account lacks, the "check your email" screen; null for everything else.
 */
export function emailScreen({ route, session, options, navigate, signedIn, onLogout }: Props): ReactNode | null {
  if (session.state === 'loading' || session.state === 'failed') return null;
  const enter = (user: Me) => {
    signedIn(user);
    navigate({ name: 'home' }, { replace: true });
  };
  if (route.name === 'verify-email') {
    const toNext = () => navigate({ name: session.state === 'signed-in' ? 'home' : 'login' }, { replace: true });
    return <VerifyEmailPage key={route.token} token={route.token} signedIn={session.state === 'signed-in'} onDone={enter} onLogin={toNext} />;
  }
  if (route.name === 'reset-password') {
    return <ResetPasswordPage key={route.token} token={route.token} onDone={enter} onForgot={() => navigate({ name: 'forgot' }, { replace: true })} />;
  }
  if (session.state === 'anonymous') {
    return route.name === 'forgot' ? <ForgotPasswordPage onBack={() => navigate({ name: 'login' }, { replace: true })} /> : null;
  }
  if (options?.emailVerification === 'required' && !session.user.emailVerified) {
    return <CheckEmailPage user={session.user} devOutbox={options.devOutbox} onVerified={enter} onLogout={onLogout} />;
  }
  return null;
}
