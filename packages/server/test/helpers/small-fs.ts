import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A file system of a few megabytes the test can fill to the last byte and empty again. */
export interface SmallFs {
  dir: string;
  /** Writes a filler file until the file system refuses (ENOSPC). */
  fill(): void;
  /** Removes the filler. */
  release(): void;
  free(): number;
  unmount(): void;
}

/**
 * A tmpfs when running as root (mount needs it), else a loop-mounted ext4 image if `mount` lets us,
 * else null: the caller skips, except with CI=true, where a test that cannot run must fail.
 */
export function mountSmallFs(sizeMb: number): SmallFs | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-smallfs-'));
  const tries: string[][] = [['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0777`, 'tmpfs', dir]];
  const image = `${dir}.img`;
  let mounted = false;
  const why: string[] = [];
  for (const args of tries) {
    try {
      execFileSync('mount', args, { stdio: 'pipe' });
      mounted = true;
      break;
    } catch (err) {
      why.push(String((err as { stderr?: Buffer }).stderr ?? err).trim());
    }
  }
  if (!mounted) {
    try {
      execFileSync('truncate', ['-s', `${sizeMb}M`, image]);
      execFileSync('mkfs.ext4', ['-q', '-F', image], { stdio: 'pipe' });
      execFileSync('mount', ['-o', 'loop', image, dir], { stdio: 'pipe' });
      fs.chmodSync(dir, 0o777);
      mounted = true;
    } catch (err) {
      why.push(String((err as { stderr?: Buffer }).stderr ?? err).trim());
      fs.rmSync(image, { force: true });
    }
  }
  if (!mounted) {
    fs.rmSync(dir, { recursive: true, force: true });
    const message = `cannot mount a small file system (need root for tmpfs or a loop device): ${why.join('; ')}`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`\n*** ${message}: SKIPPING the disk-full tests ***\n`);
    return null;
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = fs.openSync(filler, 'a');
      try {
        for (const size of [1 << 20, 1 << 16, 1 << 12, 512, 1]) {
          const chunk = Buffer.alloc(size, 1);
          try {
            for (;;) fs.writeSync(fd, chunk);
          } catch (err) {
            if ((err as { code?: string }).code !== 'ENOSPC') throw err;
          }
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    release() {
      fs.rmSync(filler, { force: true });
    },
    free() {
      const s = fs.statfsSync(dir);
      return s.bavail * s.bsize;
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(image, { force: true });
    },
  };
}
