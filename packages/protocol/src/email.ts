import { z } from 'zod';
import { Password, UserText } from './common';

/** Stored lower-cased: addresses compare case-insensitively in practice. */
export const Email = UserText().trim().toLowerCase().max(254).pipe(z.email({ message: 'not a valid email address' }));

/** Languages mails are written in; the UI offers the same two. */
export const Language = z.enum(['en', 'zh-CN']);
export type Language = z.infer<typeof Language>;

/** Single-use secret from an emailed link (verification or password reset). */
export const LinkToken = UserText().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/);

/** required: nothing but the "check your email" screen until the address is verified. */
export const EmailVerificationMode = z.enum(['required', 'optional', 'off']);
export type EmailVerificationMode = z.infer<typeof EmailVerificationMode>;

export const AuthOptionsResponse = z.object({
  emailVerification: EmailVerificationMode,
  /** No mail server is configured and this is not production: mails are shown at /api/dev/outbox. */
  devOutbox: z.boolean(),
});
export type AuthOptions = z.infer<typeof AuthOptionsResponse>;

export const VerifyEmailBody = z.strictObject({ token: LinkToken });
export const VerifyEmailResponse = z.object({ email: z.string() });

export const ChangeEmailBody = z.strictObject({ email: Email, password: UserText().min(1).max(128) });

/** A username or an email address; the answer is the same whether or not it matches an account. */
export const PasswordResetRequestBody = z.strictObject({ login: UserText().trim().min(1).max(254) });
export const PasswordResetBody = z.strictObject({ token: LinkToken, password: Password });

/** Email about direct messages and mentions missed while away (sent only to a verified address). */
export const EmailNotifications = z.object({
  missedMessages: z.boolean(),
  /** The server's settings: how long away before the email, and the least time between two. */
  afterMinutes: z.number(),
  intervalMinutes: z.number(),
});
export type EmailNotifications = z.infer<typeof EmailNotifications>;
export const EmailNotificationsResponse = z.object({ notifications: EmailNotifications });
export const UpdateEmailNotificationsBody = z.strictObject({ missedMessages: z.boolean() });
