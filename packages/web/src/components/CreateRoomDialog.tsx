import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../hooks/useClient';
import { errorText, readError } from '../lib/errors';
import { roomNameProblem } from '../lib/validate';
import { Dialog } from './Dialog';
import { FormField } from './FormField';

export function CreateRoomDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [nameError, setNameError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const legendId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = roomNameProblem(name);
    setNameError(problem ? t(problem) : undefined);
    setFormError(null);
    if (problem) return;
    setBusy(true);
    try {
      const conversation = await client.createRoom({ name: name.trim(), topic: topic.trim(), visibility });
      onCreated(conversation.id);
    } catch (err) {
      const { code } = readError(err);
      if (code === 'room_name_taken') setNameError(t('errors.room_name_taken'));
      else if (code === 'validation_failed') setNameError(t('createRoom.nameHint'));
      else setFormError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('createRoom.title')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormField
          label={t('createRoom.name')}
          hint={t('createRoom.nameHint')}
          error={nameError}
          input={{ value: name, onChange: (e) => setName(e.target.value), required: true, autoFocus: true, maxLength: 48 }}
        />
        <FormField
          label={t('createRoom.topic')}
          input={{ value: topic, onChange: (e) => setTopic(e.target.value), maxLength: 200 }}
        />
        <fieldset className="field radio-group" aria-labelledby={legendId}>
          <legend id={legendId}>{t('createRoom.visibility')}</legend>
          {(['public', 'private'] as const).map((v) => (
            <label key={v} className="radio">
              <input type="radio" name="visibility" value={v} checked={visibility === v} onChange={() => setVisibility(v)} />
              <span>{t(`createRoom.${v}`)}</span>
            </label>
          ))}
        </fieldset>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {t('createRoom.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
