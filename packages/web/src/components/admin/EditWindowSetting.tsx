import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../hooks/useClient';
import { forgetLimits } from '../../hooks/useLimits';
import { errorText } from '../../lib/errors';

/** The server setting of how long messages may be edited after sending (minutes; 0: always). */
export function EditWindowSetting() {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [value, setValue] = useState<string | null>(null);
  const [status, setStatus] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    client.request('getServerSettings', {}).then(
      (r) => live && setValue(String(r.settings.editWindowMinutes)),
      (err: unknown) => live && setStatus({ kind: 'error', text: errorText(err, t) }),
    );
    return () => {
      live = false;
    };
  }, [client, t]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (value === null) return;
    const minutes = Number(value);
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 525_600) {
      setStatus({ kind: 'error', text: t('errors.validation_failed') });
      return;
    }
    setBusy(true);
    setStatus(null);
    try {
      const r = await client.request('updateServerSettings', { body: { editWindowMinutes: minutes } });
      setValue(String(r.settings.editWindowMinutes));
      forgetLimits(client);
      setStatus({ kind: 'saved', text: t('talk.editWindowSaved') });
    } catch (err) {
      setStatus({ kind: 'error', text: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="edit-window-setting" onSubmit={(e) => void save(e)} noValidate>
      <label htmlFor={id} className="panel-title">
        {t('talk.editWindow')}
      </label>
      <p id={`${id}-help`} className="person-sub">
        {t('talk.editWindowHelp')}
      </p>
      <div className="inline-form">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={0}
          max={525600}
          step={1}
          value={value ?? ''}
          disabled={value === null}
          aria-describedby={`${id}-help`}
          aria-invalid={status?.kind === 'error' ? true : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="button small" disabled={busy || value === null}>
          {t('talk.editWindowSave')}
        </button>
      </div>
      {status && (
        <p className={status.kind === 'error' ? 'form-error' : 'form-ok'} role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </form>
  );
}
