import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Attachment } from '@natter/protocol';
import { fileKind, fitBox, formatBytes, messagePreview } from './files';

describe('file helpers', () => {
  it('formats sizes', () => {
    expect(formatBytes(12, 'en')).toBe('12 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024, 'zh-CN')).toBe('25 MB');
  });
  it('names kinds from the sniffed type', () => {
    expect(fileKind('application/pdf')).toBe('pdf');
    expect(fileKind('application/octet-stream')).toBe('file');
    expect(fileKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('document');
  });
  it('fits images into a box without enlarging them', () => {
    expect(fitBox(4000, 3000, 320, 320)).toEqual({ width: 320, height: 240 });
    expect(fitBox(100, 50, 320, 320)).toEqual({ width: 100, height: 50 });
    expect(fitBox(50, 5000, 320, 320)).toEqual({ width: 3, height: 320 });
  });
});

describe('messagePreview', () => {
  const t = ((key: string) => (key === 'files.deleted' ? 'Message deleted' : key)) as unknown as TFunction;
  const file = (name: string, kind: 'image' | 'file') => ({ name, kind }) as Attachment;
  it('shows the text, else the files, else that it was deleted', () => {
    expect(messagePreview({ body: 'hi\nthere', attachments: [] }, t)).toBe('hi there');
    expect(messagePreview({ body: '**Exam** at `9`, [plan](https://x.org)', attachments: [] }, t)).toBe('Exam at 9, plan');
    expect(messagePreview({ body: '', attachments: [file('cat.png', 'image'), file('a.pdf', 'file')] }, t)).toBe('🖼️ cat.png +1');
    expect(messagePreview({ body: ' ', attachments: [file('a.pdf', 'file')] }, t)).toBe('📎 a.pdf');
    expect(messagePreview({ body: '', attachments: [], deleted: true }, t)).toBe('Message deleted');
  });
});
