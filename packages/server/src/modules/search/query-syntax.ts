import type { SearchHas } from '@natter/protocol';
import { AppError } from '../../http/errors';

/** What a search asks for once the query text and the parameters are merged. */
export interface SearchFilters {
  in?: string;
  from?: string;
  has?: SearchHas;
  /** Milliseconds: created strictly before. */
  before?: number;
  /** Milliseconds: created at or after. */
  after?: number;
  pinned?: boolean;
  mentionsMe?: boolean;
}

export interface ParsedSearch {
  text: string;
  filters: SearchFilters;
}

export interface SearchParams {
  q: string;
  in?: string;
  from?: string;
  has?: SearchHas;
  before?: string;
  after?: string;
  is?: 'pinned';
  mentions?: 'me';
}

const FILTER = /^([A-Za-z]+):(.*)$/s;
const KNOWN = ['in', 'from', 'has', 'before', 'after', 'is', 'mentions'] as const;
/** Words that look like a filter but are text people search for (links). */
const NOT_FILTERS = new Set(['http', 'https', 'mailto', 'ftp']);
const DAY_MS = 86_400_000;

const invalid = (message: string) => new AppError('invalid_query', message);

/**
 * Splits `q` into words and filters (`name:value`, the value up to the next space) and merges the
 * parameters in. A filter given twice with different values, an unknown filter or a bad value is
 * refused; everything else is text, and text never reaches the index as syntax (see tokens.ts).
 */
export function parseSearch(params: SearchParams): ParsedSearch {
  const words: string[] = [];
  const given: Partial<Record<(typeof KNOWN)[number], string>> = {};
  const put = (name: (typeof KNOWN)[number], value: string) => {
    if (value === '') throw invalid(`the filter ${name}: needs a value`);
    const earlier = given[name];
    if (earlier !== undefined && earlier.toLowerCase() !== value.toLowerCase()) throw invalid(`the filter ${name}: is given twice`);
    given[name] = value;
  };
  for (const word of params.q.split(/\s+/u)) {
    if (word === '') continue;
    const m = FILTER.exec(word);
    if (!m || NOT_FILTERS.has(m[1]!.toLowerCase())) {
      words.push(word);
      continue;
    }
    const name = m[1]!.toLowerCase();
    if (!(KNOWN as readonly string[]).includes(name)) throw invalid(`unknown filter ${name}: (filters: ${KNOWN.map((k) => `${k}:`).join(' ')})`);
    put(name as (typeof KNOWN)[number], m[2]!);
  }
  for (const name of KNOWN) {
    const value = params[name];
    if (value !== undefined) put(name, value);
  }

  const filters: SearchFilters = {};
  if (given.in !== undefined) filters.in = given.in;
  if (given.from !== undefined) filters.from = given.from.replace(/^@/, '');
  if (given.has !== undefined) {
    const has = given.has.toLowerCase();
    if (has !== 'file' && has !== 'image' && has !== 'link') throw invalid('has: takes file, image or link');
    filters.has = has;
  }
  if (given.is !== undefined) {
    if (given.is.toLowerCase() !== 'pinned') throw invalid('is: takes pinned');
    filters.pinned = true;
  }
  if (given.mentions !== undefined) {
    if (given.mentions.toLowerCase() !== 'me') throw invalid('mentions: takes me');
    filters.mentionsMe = true;
  }
  if (given.before !== undefined) filters.before = dayStart(given.before, 'before');
  if (given.after !== undefined) {
    const at = dayStart(given.after, 'after');
    // after:2026-05-01 means from the next day on; a time in milliseconds means after that instant.
    filters.after = /^\d{4}-\d{2}-\d{2}$/.test(given.after) ? at + DAY_MS : at + 1;
  }
  if (filters.before !== undefined && filters.after !== undefined && filters.after >= filters.before) {
    throw invalid('after: must be earlier than before:');
  }
  return { text: words.join(' '), filters };
}

const MIN_MS = Date.UTC(1970, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31);

/** A UTC day as YYYY-MM-DD (its first millisecond), or milliseconds since the epoch. */
function dayStart(value: string, name: string): number {
  let ms: number;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const [y, mo, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    ms = Date.UTC(y, mo - 1, d);
    const check = new Date(ms);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) ms = NaN;
  } else if (/^\d{1,15}$/.test(value)) ms = Number(value);
  else ms = NaN;
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) throw invalid(`${name}: takes a date as YYYY-MM-DD`);
  return ms;
}
