import { Email } from '@natter/protocol';
import { apiBaseFrom } from './api-base';

/** i18n key of what is wrong with an address, or null; empty is fine unless required. */
export function emailProblem(value: string, required: boolean): string | null {
  if (value.trim() === '') return required ? 'auth.required' : null;
  return Email.safeParse(value).success ? null : 'email.invalid';
}

/** The page where a server without SMTP keeps its mails (development only). */
export function outboxUrl(): string {
  return `${apiBaseFrom(document.baseURI)}/api/dev/outbox`;
}
