import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';
import { formatFullDateTime } from '../../lib/format';

/** A rough device name from the user agent: enough to recognise "my phone". */
function deviceName(ua: string, unknown: string): string {
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (browser && os) return `${browser} · ${os}`;
  return browser ?? os ?? (ua.slice(0, 40) || unknown);
}

export function SessionList({ refresh }: { refresh: number }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    client.listSessions().then(setSessions, (err: unknown) => setError(errorText(err, t)));
  }, [client, t]);
  useEffect(load, [load, refresh]);

  async function end(id: string) {
    setError(null);
    try {
      await client.endSession(id);
      load();
    } catch (err) {
      setError(errorText(err, t));
    }
  }

  return (
    <section className="panel-section" aria-labelledby="sessions-title">
      <h2 id="sessions-title" className="panel-title">
        {t('me.sessions')}
      </h2>
      {sessions && (
        <ul className="people-list" aria-label={t('me.sessions')}>
          {sessions.map((s) => (
            <li key={s.id} className="person">
              <span className="person-text">
                <span className="person-name">{deviceName(s.userAgent, t('me.unknownDevice'))}</span>
                <span className="person-sub">
                  {s.current ? t('me.thisDevice') : t('me.lastActive', { when: formatFullDateTime(s.lastSeenAt, i18n.language) })}
                </span>
              </span>
              {!s.current && (
                <button type="button" className="button small ghost" onClick={() => void end(s.id)}>
                  {t('me.endSession')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
