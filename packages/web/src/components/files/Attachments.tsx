import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { fileKind, fitBox, formatBytes } from '../../lib/files';
import { DownIcon } from '../Icons';
import { ImageViewer } from './ImageViewer';
import '../../styles/files.css';

/** Largest box a thumbnail is drawn in; the server's thumbnails are twice this for dense screens. */
const THUMB_BOX = 320;

/** Images as thumbnails of their final size (nothing jumps while they load); other files as cards. */
export function Attachments({ files }: { files: Attachment[] }) {
  const [viewing, setViewing] = useState<Attachment | null>(null);
  if (files.length === 0) return null;
  const images = files.filter((f) => f.kind === 'image' && f.thumbnailUrl && f.width && f.height);
  const others = files.filter((f) => !images.includes(f));
  return (
    <div className="attachments">
      {images.length > 0 && (
        <div className="attachment-images">
          {images.map((f) => (
            <Thumbnail key={f.id} file={f} onOpen={() => setViewing(f)} />
          ))}
        </div>
      )}
      {others.map((f) => (
        <FileCard key={f.id} file={f} />
      ))}
      {viewing && <ImageViewer file={viewing} onClose={() => setViewing(null)} />}
    </div>
  );
}

function Thumbnail({ file, onOpen }: { file: Attachment; onOpen: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const box = fitBox(file.width ?? 1, file.height ?? 1, THUMB_BOX, THUMB_BOX);
  return (
    <button type="button" className="attachment-thumb" onClick={onOpen} aria-label={t('files.open', { name: file.name })}>
      <img
        src={client.fileUrl(file.thumbnailUrl ?? file.url)}
        width={box.width}
        height={box.height}
        style={{ aspectRatio: `${box.width} / ${box.height}` }}
        alt={t('files.imageOf', { name: file.name })}
        loading="lazy"
        decoding="async"
      />
    </button>
  );
}

/** A file as a card: type, name, size and a download button. */
export function FileCard({ file }: { file: Attachment }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const kind = fileKind(file.mime);
  return (
    <div className="attachment-file">
      <span className={`file-icon kind-${kind}`} aria-hidden="true">
        <FileGlyph />
        <span className="file-icon-label">{kind === 'file' ? '' : kind.slice(0, 3).toUpperCase()}</span>
      </span>
      <span className="file-text">
        <span className="file-name" title={file.name}>
          {file.name}
        </span>
        <span className="file-meta">
          {t(`files.kind.${kind}`)} · {formatBytes(file.size, i18n.language)}
        </span>
      </span>
      <a className="button file-download" href={client.fileUrl(file.url)} download={file.name} aria-label={t('files.download', { name: file.name })}>
        <DownIcon />
      </a>
    </div>
  );
}

const FileGlyph = () => (
  <svg viewBox="0 0 24 24" width="36" height="36" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round">
    <path d="M6 2.75h8l4.25 4.25v14.25H6z" />
    <path d="M14 2.75V7h4.25" />
  </svg>
);
