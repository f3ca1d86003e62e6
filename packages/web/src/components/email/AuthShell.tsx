import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PreferencesBar } from '../PreferencesBar';

/** The centred card of the log-in page, for the pages around it (check email, reset password…). */
export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <main className="auth">
      <section className="auth-card" aria-labelledby={headingId}>
        <p className="brand" aria-hidden="true">
          {t('app.name')}
        </p>
        <h1 id={headingId}>{title}</h1>
        {children}
      </section>
      <PreferencesBar row />
    </main>
  );
}
