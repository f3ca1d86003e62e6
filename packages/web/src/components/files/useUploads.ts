import { useCallback, useEffect, useRef, useState } from 'react';
import type { Attachment } from '@natter/protocol';
import { UploadCancelledError } from '@natter/sdk';
import { useClient } from '../../hooks/useClient';

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  sent: number;
  state: 'uploading' | 'done' | 'failed';
  attachment?: Attachment;
  error?: unknown;
}

let counter = 0;

/** Files being attached in a composer: each uploads at once, with progress, and can be cancelled or removed. */
export function useUploads(conversationId: string) {
  const client = useClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const aborts = useRef(new Map<string, AbortController>());

  const patch = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)));
  }, []);

  const add = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = `up${++counter}`;
        const name = file.name || `pasted-${new Date().toISOString().replace(/[:.]/g, '-')}.png`;
        const ctl = new AbortController();
        aborts.current.set(key, ctl);
        setItems((list) => [...list, { key, name, size: file.size, sent: 0, state: 'uploading' }]);
        client
          .uploadFile(conversationId, file, { name, signal: ctl.signal, onProgress: (sent) => patch(key, { sent }) })
          .then(
            (attachment) => patch(key, { state: 'done', sent: file.size, attachment }),
            (error: unknown) => {
              if (!(error instanceof UploadCancelledError)) patch(key, { state: 'failed', error });
            },
          )
          .finally(() => aborts.current.delete(key));
      }
    },
    [client, conversationId, patch],
  );

  /** Cancels an upload in flight, or takes back a finished one the message will not carry. */
  const remove = useCallback(
    (key: string) => {
      aborts.current.get(key)?.abort();
      setItems((list) => {
        const item = list.find((i) => i.key === key);
        if (item?.attachment) void client.deleteUpload(item.attachment.id).catch(() => undefined);
        return list.filter((i) => i.key !== key);
      });
    },
    [client],
  );

  /** The message was sent: its uploads now belong to it. */
  const clear = useCallback(() => setItems([]), []);

  // Leaving the conversation cancels what is still uploading.
  useEffect(() => {
    const pending = aborts.current;
    return () => {
      for (const ctl of pending.values()) ctl.abort();
    };
  }, [conversationId]);

  const ready = items.filter((i) => i.state === 'done' && i.attachment).map((i) => i.attachment as Attachment);
  const busy = items.some((i) => i.state === 'uploading');
  return { items, add, remove, clear, ready, busy };
}
