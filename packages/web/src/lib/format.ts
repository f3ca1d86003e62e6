import type { TFunction } from 'i18next';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Local calendar day as a sortable key, e.g. "2026-11-21". */
export function dayKey(ts: number): string {
  const d = new Date(ts);
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${m}-${day}`;
}

function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Whole local calendar days between two instants (0 = same day, 1 = ts was yesterday). */
export function daysBetween(ts: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(ts)) / (24 * HOUR));
}

export function formatClock(ts: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' }).format(ts);
}

export function formatFullDateTime(ts: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' }).format(ts);
}

/** Label of a day separator: "Today", "Yesterday", or the date. */
export function formatDayLabel(ts: number, now: number, lang: string, t: TFunction): string {
  const days = daysBetween(ts, now);
  if (days === 0) return t('time.today');
  if (days === 1) return t('time.yesterday');
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(lang, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(ts);
}

/** Short, relative "when" for lists: "just now", "5 min ago", "3 hours ago", then a date. */
export function formatRelative(ts: number, now: number, lang: string, t: TFunction): string {
  const diff = now - ts;
  if (diff < MINUTE) return t('time.justNow');
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
  if (diff < HOUR) return rtf.format(-Math.floor(diff / MINUTE), 'minute');
  const days = daysBetween(ts, now);
  if (days === 0) return rtf.format(-Math.floor(diff / HOUR), 'hour');
  if (days === 1) return t('time.yesterday');
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(lang, sameYear ? { month: 'short', day: 'numeric' } : { dateStyle: 'short' }).format(ts);
}
