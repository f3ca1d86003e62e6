import type { Attachment, SharedFile } from '@natter/protocol';
import { type UploadBody, type UploadOptions, uploadBytes } from '../upload';
import type { ClientCore } from './core';

/** Files: uploads (raw bytes, with progress and cancel), taking one back, files shared in a conversation, my storage, file URLs. */
export class FilesPart {
  constructor(private readonly core: ClientCore) {}

  storage(): Promise<{ usedBytes: number; quotaBytes: number; maxUploadBytes: number }> {
    return this.core.request('myStorage', {});
  }

  listSharedFiles(conversationId: string, opts: { limit?: number; before?: number } = {}): Promise<{ files: SharedFile[]; hasMore: boolean }> {
    const query: { limit?: number; before?: number } = {};
    if (opts.limit !== undefined) query.limit = opts.limit;
    if (opts.before !== undefined) query.before = opts.before;
    return this.core.request('listSharedFiles', { params: { id: conversationId }, query });
  }

  uploadFile(conversationId: string, body: UploadBody, opts: UploadOptions = {}): Promise<Attachment> {
    const { core } = this;
    const url = `${core.baseUrl}/api/conversations/${encodeURIComponent(conversationId)}/files`;
    return uploadBytes({ url, token: core.token, fetch: core.fetch, headers: this.uploadHeaders() }, body, opts);
  }

  async deleteUpload(fileId: string): Promise<void> {
    await this.core.request('deleteUpload', { params: { id: fileId } });
  }

  fileUrl(path: string): string {
    return this.core.baseUrl + path;
  }

  /** Headers for raw requests made outside the route table; see NatterClientOptions.uploadHeaders. */
  private uploadHeaders(): Record<string, string> {
    return this.core.opts.uploadHeaders?.() ?? {};
  }
}
