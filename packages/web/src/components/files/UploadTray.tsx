import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { formatBytes } from '../../lib/files';
import { CloseIcon } from '../Icons';
import type { UploadItem } from './useUploads';

/** The composer's files: a progress bar while uploading, then ready to send; each can be cancelled. */
export function UploadTray({ items, onRemove }: { items: UploadItem[]; onRemove: (key: string) => void }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return null;
  return (
    <ul className="upload-tray" aria-label={t('files.attach')}>
      {items.map((item) => {
        const percent = item.size > 0 ? Math.min(100, Math.round((item.sent / item.size) * 100)) : 100;
        const label = item.state === 'uploading' ? t('files.cancelUpload', { name: item.name }) : t('files.removeFile', { name: item.name });
        return (
          <li key={item.key} className={`upload-item ${item.state}`}>
            <div className="upload-text">
              <span className="upload-name" title={item.name}>
                {item.name}
              </span>
              <span className="upload-size">{formatBytes(item.size, i18n.language)}</span>
            </div>
            {item.state === 'uploading' && (
              <progress max={100} value={percent} aria-label={t('files.uploading', { name: item.name, percent })} />
            )}
            {item.state === 'failed' && (
              <p className="upload-error" role="alert">
                {t('files.failed', { name: item.name, reason: uploadError(item.error, t) })}
              </p>
            )}
            <button type="button" className="icon-button" aria-label={label} title={label} onClick={() => onRemove(item.key)}>
              <CloseIcon />
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function uploadError(err: unknown, t: TFunction): string {
  const code = (err as { code?: string } | undefined)?.code;
  if (code === 'quota_exceeded' || code === 'invalid_image' || code === 'payload_too_large') return t(`files.errors.${code}`);
  return errorText(err, t);
}
