import path from 'node:path';
import type { Config } from '../config';
import { type FileStorage, LocalDiskStorage } from '../modules/files/storage';
import { S3Storage } from './s3-storage';

/** Uploads in the S3 bucket when one is configured (several nodes), else under DATA_DIR/uploads. */
export function openFileStorage(config: Config): FileStorage {
  if (config.ops.s3) return new S3Storage(config.ops.s3, path.join(config.dataDir, 'spool'));
  return new LocalDiskStorage(config.uploads.dir);
}
