import { useTranslation } from 'react-i18next';
import type { Attachment } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { formatBytes } from '../../lib/files';
import { Dialog } from '../Dialog';

/** The full-size image in a modal, with its name, size and a download link. */
export function ImageViewer({ file, onClose }: { file: Attachment; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  return (
    <Dialog title={file.name} onClose={onClose}>
      <div className="image-viewer">
        <img
          src={client.fileUrl(file.url)}
          width={file.width ?? undefined}
          height={file.height ?? undefined}
          style={{ aspectRatio: file.width && file.height ? `${file.width} / ${file.height}` : undefined }}
          alt={t('files.imageOf', { name: file.name })}
        />
        <p className="image-viewer-meta">
          <span>
            {file.width}×{file.height} · {formatBytes(file.size, i18n.language)}
          </span>
          <a className="button" href={client.fileUrl(file.url)} download={file.name}>
            {t('files.downloadShort')}
          </a>
        </p>
      </div>
    </Dialog>
  );
}
