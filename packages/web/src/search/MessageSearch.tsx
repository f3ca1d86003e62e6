import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit, SearchOptions } from '@natter/sdk';
import { CloseIcon, SearchIcon } from '../components/Icons';
import { useClient } from '../hooks/useClient';
import { useSnapshot } from '../hooks/useSnapshot';
import { conversationTitle, userName } from '../lib/conversation';
import { errorText } from '../lib/errors';
import { formatFullDateTime } from '../lib/format';
import { excerptWindow, highlightParts } from './highlight';
import '../styles/search.css';

/** Where a result leads: the conversation, and the message to show in the middle of its history. */
export interface SearchTarget {
  conversationId: string;
  messageId: string;
  seq: number;
}

interface Filters {
  in: string;
  from: string;
  has: '' | 'file' | 'image' | 'link';
  after: string;
  before: string;
  pinned: boolean;
  mentionsMe: boolean;
}
const NO_FILTERS: Filters = { in: '', from: '', has: '', after: '', before: '', pinned: false, mentionsMe: false };
const TYPING_PAUSE_MS = 350;

function optionsOf(f: Filters): SearchOptions {
  const o: SearchOptions = {};
  if (f.in) o.in = f.in;
  if (f.from.trim()) o.from = f.from.trim();
  if (f.has) o.has = f.has;
  if (f.after) o.after = f.after;
  if (f.before) o.before = f.before;
  if (f.pinned) o.pinned = true;
  if (f.mentionsMe) o.mentionsMe = true;
  return o;
}

/**
 * Message search: a query field, filters (beside the results on a desktop, folded above them on a
 * phone, where the view takes the whole screen), results newest first with the matches marked.
 * Choosing a result hands its target to `onOpen`. `initialQuery` lets a caller (a quick switcher)
 * open it with words already typed.
 */
export function MessageSearch({ onOpen, onClose, initialQuery = '' }: { onOpen: (target: SearchTarget) => void; onClose: () => void; initialQuery?: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const snapshot = useSnapshot();
  const ref = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const [query, setQuery] = useState(initialQuery);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [found, setHits] = useState<SearchHit[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    inputRef.current?.focus();
    return () => dialog?.close();
  }, []);

  const options = optionsOf(filters);
  const key = JSON.stringify([query.trim(), options]);
  const empty = query.trim() === '' && Object.keys(options).length === 0;
  // Nothing asked: the hint shows, whatever an earlier search found.
  const hits = empty ? null : found;
  useEffect(() => {
    if (empty) return;
    const ticket = ++asked.current;
    const timer = setTimeout(() => {
      setBusy(true);
      client.searchMessages(query.trim(), options).then(
        (page) => {
          if (ticket !== asked.current) return;
          setHits(page.results);
          setCursor(page.nextCursor);
          setPartial(page.partial);
          setError(null);
          setBusy(false);
        },
        (err: unknown) => {
          if (ticket !== asked.current) return;
          setError(errorText(err, t));
          setHits([]);
          setBusy(false);
        },
      );
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
    // `key` stands for the query and the options.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, client, t]);

  const more = () => {
    if (!cursor) return;
    const ticket = ++asked.current;
    setBusy(true);
    client.searchMessages(query.trim(), { ...options, cursor }).then(
      (page) => {
        if (ticket !== asked.current) return;
        setHits((h) => [...(h ?? []), ...page.results]);
        setCursor(page.nextCursor);
        setPartial(page.partial);
        setBusy(false);
      },
      (err: unknown) => {
        if (ticket !== asked.current) return;
        setError(errorText(err, t));
        setBusy(false);
      },
    );
  };

  const set = <K extends keyof Filters>(name: K, value: Filters[K]) => setFilters((f) => ({ ...f, [name]: value }));
  const where = (hit: SearchHit) => {
    const known = snapshot.conversations.find((c) => c.id === hit.conversation.id);
    if (known) return conversationTitle(known, t);
    return hit.conversation.name ?? (hit.conversation.peer ? userName(hit.conversation.peer, t) : '');
  };
  const filterFields = (
    <div className="search-filters">
      <label className="field">
        <span>{t('search.in')}</span>
        <select value={filters.in} onChange={(e) => set('in', e.target.value)}>
          <option value="">{t('search.anywhere')}</option>
          {snapshot.conversations.map((c) => (
            <option key={c.id} value={c.id}>
              {conversationTitle(c, t)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('search.from')}</span>
        <input type="text" value={filters.from} maxLength={64} autoComplete="off" onChange={(e) => set('from', e.target.value)} />
      </label>
      <label className="field">
        <span>{t('search.has')}</span>
        <select value={filters.has} onChange={(e) => set('has', e.target.value as Filters['has'])}>
          <option value="">{t('search.hasAny')}</option>
          <option value="file">{t('search.hasFile')}</option>
          <option value="image">{t('search.hasImage')}</option>
          <option value="link">{t('search.hasLink')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('search.after')}</span>
        <input type="date" value={filters.after} onChange={(e) => set('after', e.target.value)} />
      </label>
      <label className="field">
        <span>{t('search.before')}</span>
        <input type="date" value={filters.before} onChange={(e) => set('before', e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={filters.pinned} onChange={(e) => set('pinned', e.target.checked)} />
        <span>{t('search.pinned')}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={filters.mentionsMe} onChange={(e) => set('mentionsMe', e.target.checked)} />
        <span>{t('search.mentionsMe')}</span>
      </label>
    </div>
  );

  return (
    <dialog
      ref={ref}
      className="dialog search-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="dialog-body search-body">
        <header className="dialog-head">
          <h2 id={titleId}>{t('search.title')}</h2>
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
            <CloseIcon />
          </button>
        </header>
        <div className="search-field">
          <SearchIcon />
          <input
            ref={inputRef}
            type="search"
            enterKeyHint="search"
            aria-label={t('search.label')}
            placeholder={t('search.placeholder')}
            value={query}
            maxLength={500}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <div className="search-columns">
          <details className="search-filters-fold">
            <summary>{t('search.filters')}</summary>
            {filterFields}
          </details>
          <aside className="search-filters-side" aria-label={t('search.filters')}>
            {filterFields}
          </aside>
          <section className="search-results" aria-live="polite" aria-busy={busy}>
            {error && !empty && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            {hits === null && !busy && <p className="list-empty">{t('search.hint')}</p>}
            {busy && hits === null && <p className="list-empty">{t('search.searching')}</p>}
            {hits !== null && hits.length === 0 && !busy && !error && <p className="list-empty">{t('search.empty')}</p>}
            {hits !== null && hits.length > 0 && (
              <ul className="search-list">
                {hits.map((hit) => {
                  const m = hit.message;
                  const shown = excerptWindow(m.body, hit.highlights);
                  const when = formatFullDateTime(m.createdAt, i18n.language);
                  return (
                    <li key={m.id}>
                      <button
                        type="button"
                        className="search-hit"
                        aria-label={t('search.resultLabel', { who: userName(m.sender, t), where: where(hit), when, text: m.body || t('search.filesOnly') })}
                        onClick={() => onOpen({ conversationId: m.conversationId, messageId: m.id, seq: m.seq })}
                      >
                        <span className="search-hit-head">
                          <span className="search-hit-where">{where(hit)}</span>
                          <span className="search-hit-who">{userName(m.sender, t)}</span>
                          <time dateTime={new Date(m.createdAt).toISOString()}>{when}</time>
                        </span>
                        <span className="search-hit-text">
                          {shown.text
                            ? highlightParts(shown.text, shown.ranges).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))
                            : t('search.filesOnly')}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
            {partial && <p className="search-note">{t('search.partial')}</p>}
            {cursor && hits && hits.length > 0 && (
              <button type="button" className="button small search-more" disabled={busy} onClick={more}>
                {busy ? t('search.searching') : t('search.more')}
              </button>
            )}
          </section>
        </div>
      </div>
    </dialog>
  );
}
