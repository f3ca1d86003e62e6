import type { TFunction } from 'i18next';

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface DescribedError {
  code: string;
  message: string;
  issues: ErrorIssue[];
}

/** Reads the code and issues of whatever was thrown (NatterError, network failure, anything). */
export function readError(err: unknown): DescribedError {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; issues?: unknown; details?: { issues?: unknown } };
    const code = typeof e.code === 'string' ? e.code : 'network';
    const message = typeof e.message === 'string' ? e.message : '';
    const raw = Array.isArray(e.issues) ? e.issues : Array.isArray(e.details?.issues) ? e.details.issues : [];
    const issues = raw.filter(
      (i): i is ErrorIssue => !!i && typeof i.path === 'string' && typeof i.message === 'string',
    );
    return { code, message, issues };
  }
  return { code: 'network', message: String(err), issues: [] };
}


/** A sentence for the user in the current language; a code without its own sentence gets the generic one. */
export function errorText(err: unknown, t: TFunction): string {
  const { code } = readError(err);
  return t(`errors.${code}`, { defaultValue: t('errors.generic') });
}

/** Issues of a validation failure grouped by field name ("username", "password", ...). */
export function issuesByField(err: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of readError(err).issues) {
    const field = issue.path.split('.')[0] || '_';
    (out[field] ??= []).push(issue.message);
  }
  return out;
}
