import { useTranslation } from 'react-i18next';
import { FormField } from '../FormField';

export function SignupEmailField({ value, onChange, required, error }: { value: string; onChange: (v: string) => void; required: boolean; error: string | undefined }) {
  const { t } = useTranslation();
  return (
    <FormField
      label={required ? t('email.label') : t('email.labelOptional')}
      hint={required ? t('email.hintRequired') : t('email.hintOptional')}
      error={error}
      input={{
        type: 'email',
        value,
        onChange: (e) => onChange(e.target.value),
        autoComplete: 'email',
        inputMode: 'email',
        autoCapitalize: 'none',
        spellCheck: false,
        maxLength: 254,
        required,
        name: 'email',
      }}
    />
  );
}
