import { charLength, Password, RoomName, Username } from '@natter/protocol';

/** i18n key of what is wrong with a new username, or null when it is acceptable. */
export function usernameProblem(value: string): string | null {
  if (value.trim() === '') return 'auth.required';
  return Username.safeParse(value).success ? null : 'auth.usernameInvalid';
}

export function passwordProblem(value: string): string | null {
  if (value === '') return 'auth.required';
  if (Password.safeParse(value).success) return null;
  return charLength(value) < 8 ? 'auth.passwordTooShort' : 'auth.passwordTooLong';
}

export function roomNameProblem(value: string): string | null {
  if (value.trim() === '') return 'auth.required';
  return RoomName.safeParse(value).success ? null : 'createRoom.nameHint';
}
