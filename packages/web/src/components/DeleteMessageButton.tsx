import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/errors';

/** A confirmed "delete" link under a message, showing why it failed when it does. */
export function DeleteMessageButton({ label, confirm, remove }: { label: string; confirm: string; remove: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  async function onClick() {
    if (!window.confirm(confirm)) return;
    try {
      await remove();
    } catch (err) {
      setError(errorText(err, t));
    }
  }
  return (
    <span className="own-delete">
      <button type="button" className="link-button" onClick={() => void onClick()}>
        {label}
      </button>
      {error && <span role="alert"> {error}</span>}
    </span>
  );
}
