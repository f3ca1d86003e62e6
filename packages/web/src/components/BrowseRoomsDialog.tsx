import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicRoom } from '@natter/protocol';
import { useClient } from '../hooks/useClient';
import { errorText } from '../lib/errors';
import { Dialog } from './Dialog';

const SEARCH_DELAY_MS = 250;

export function BrowseRoomsDialog({ onClose, onOpen }: { onClose: () => void; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [rooms, setRooms] = useState<PublicRoom[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      client.listPublicRooms(query.trim() || undefined).then(
        (list) => {
          if (cancelled) return;
          setRooms(list);
          setError(null);
        },
        (err: unknown) => {
          if (!cancelled) setError(errorText(err, t));
        },
      );
    }, SEARCH_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, query, t]);

  async function join(room: PublicRoom) {
    if (room.joined) {
      onOpen(room.id);
      return;
    }
    setJoining(room.id);
    setError(null);
    try {
      const conversation = await client.joinRoom(room.name);
      onOpen(conversation.id);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setJoining(null);
    }
  }

  return (
    <Dialog title={t('browse.title')} onClose={onClose}>
      <div className="field">
        <label htmlFor={searchId}>{t('browse.search')}</label>
        <input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus maxLength={48} />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {rooms === null && !error && <p className="muted">{t('app.loading')}</p>}
      {rooms?.length === 0 && <p className="muted">{t('browse.empty')}</p>}
      {rooms && rooms.length > 0 && (
        <ul className="room-results">
          {rooms.map((room) => (
            <li key={room.id}>
              <div className="room-result-text">
                <span className="room-result-name">#{room.name}</span>
                {room.topic && <span className="room-result-topic">{room.topic}</span>}
                <span className="muted small">{t('browse.members', { count: room.memberCount })}</span>
              </div>
              <button
                type="button"
                className={room.joined ? 'button small' : 'button small primary'}
                aria-label={room.joined ? t('browse.openRoom', { name: room.name }) : t('browse.joinRoom', { name: room.name })}
                disabled={joining === room.id}
                onClick={() => void join(room)}
              >
                {room.joined ? t('browse.open') : t('browse.join')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
