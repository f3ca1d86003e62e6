import { useId, type InputHTMLAttributes } from 'react';

/** A labelled input with an optional hint and an error both tied to it for screen readers. */
export function FormField({
  label,
  hint,
  error,
  input,
}: {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  input: InputHTMLAttributes<HTMLInputElement>;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input {...input} id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
