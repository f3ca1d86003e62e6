import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { NatterClient } from '@natter/sdk';
import { useAuthOptions } from '../hooks/useAuthOptions';
import { ClientContext } from '../hooks/useClient';
import { PreferencesContext } from '../hooks/usePreferences';
import { useRoute } from '../hooks/useRoute';
import { useSession } from '../hooks/useSession';
import { useTheme } from '../hooks/useTheme';
import { AuthPage } from './AuthPage';
import { emailScreen } from './email/emailScreen';

/**
 * The chat screens are a chunk of their own: the log-in and sign-up page never download them. A
 * signed-in start asks for the chunk as soon as the session probe says so (main.tsx starts the
 * download at once when the CSRF cookie, which only a signed-in browser holds, is there).
 */
export const loadChatLayout = () => import('./ChatLayout');
const ChatLayout = lazy(() => loadChatLayout().then((m) => ({ default: m.ChatLayout })));

export function App({ client }: { client: NatterClient }) {
  const { t } = useTranslation();
  const [theme, setTheme] = useTheme();
  const prefs = useMemo(() => ({ theme, setTheme }), [theme, setTheme]);
  const { session, retry, signedIn, logout } = useSession(client);
  const [route, navigate] = useRoute();
  const options = useAuthOptions(client);
  const leave = () => {
    navigate({ name: 'login' }, { replace: true });
    void logout();
  };

  let body = emailScreen({ route, session, options, navigate, signedIn, onLogout: leave });
  if (body) {
    // An emailed link, the forgotten-password form, or the wait for a confirmed address.
  } else if (session.state === 'loading') {
    body = (
      <p className="splash" role="status">
        {t('app.loading')}
      </p>
    );
  } else if (session.state === 'failed') {
    body = (
      <div className="splash" role="alert">
        <p>{t('app.loadFailed')}</p>
        <button type="button" className="button" onClick={retry}>
          {t('app.tryAgain')}
        </button>
      </div>
    );
  } else if (session.state === 'anonymous') {
    const mode = route.name === 'signup' ? 'signup' : 'login';
    body = (
      <AuthPage
        mode={mode}
        notice={session.endedBy ? t(`errors.${session.endedBy}`) : null}
        emailVerification={options?.emailVerification}
        onForgot={() => navigate({ name: 'forgot' })}
        onSwitch={(next) => navigate({ name: next }, { replace: true })}
        onSignedIn={(user) => {
          signedIn(user);
          // A conversation link opened while logged out still leads there.
          if (route.name !== 'conversation') navigate({ name: 'home' }, { replace: true });
        }}
      />
    );
  } else {
    const conversationId = route.name === 'conversation' ? route.id : null;
    body = (
      <Suspense fallback={<ChatSkeleton label={t('app.loading')} />}>
        <ChatLayout
        user={session.user}
        conversationId={conversationId}
        linkedMessage={route.name === 'conversation' ? (route.message ?? null) : null}
        onOpen={(id) => navigate({ name: 'conversation', id })}
        onClose={() => navigate({ name: 'home' })}
        onLogout={leave}
        />
      </Suspense>
    );
  }

  return (
    <ClientContext.Provider value={client}>
      <PreferencesContext.Provider value={prefs}>
        <Suspense
          fallback={
            <p className="splash" role="status">
              {t('app.loading')}
            </p>
          }
        >
          {body}
        </Suspense>
      </PreferencesContext.Provider>
    </ClientContext.Provider>
  );
}

/** The chat's outline while its chunk arrives: sidebar and pane boxes where they will be, no jump. */
function ChatSkeleton({ label }: { label: string }) {
  return (
    <div className="chat-skeleton" role="status" aria-label={label}>
      <div className="chat-skeleton__sidebar">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
      <div className="chat-skeleton__pane" />
    </div>
  );
}
