import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dismiss, isDismissed } from '../../lib/dismissed';

const KEY = 'admin-hint';

/** Tells the server's administrator (the first account) that they are one and where the console is. */
export function AdminHint({ onOpenConsole }: { onOpenConsole: () => void }) {
  const { t } = useTranslation();
  const [hidden, setHidden] = useState(() => isDismissed(KEY));
  if (hidden) return null;
  const close = () => {
    dismiss(KEY);
    setHidden(true);
  };
  return (
    <section className="side-banner" aria-labelledby="admin-hint-title">
      <h2 id="admin-hint-title" className="side-banner-title">
        {t('comfort.adminTitle')}
      </h2>
      <p>{t('comfort.adminText')}</p>
      <div className="side-banner-actions">
        <button
          type="button"
          className="button small primary"
          onClick={() => {
            close();
            onOpenConsole();
          }}
        >
          {t('comfort.adminOpen')}
        </button>
        <button type="button" className="button small ghost" onClick={close}>
          {t('comfort.dismiss')}
        </button>
      </div>
    </section>
  );
}
