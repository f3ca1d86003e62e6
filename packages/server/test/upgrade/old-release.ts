import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../../../..');

/** The previous release, whose databases the current code must upgrade. */
export const OLD_RELEASE = 'v0.1.0';

function hasTag(tag: string): boolean {
  try {
    execFileSync('git', ['-C', REPO, 'rev-parse', '--verify', '--quiet', `${tag}^{commit}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The old release's protocol and server packages in a temporary directory (`git archive`, so the
 * repository is only read), running on this checkout's installed dependencies: every package is
 * linked from here except the workspace ones, which point at the old sources. No network.
 * Returns null when the tag is not in this clone (a shallow CI checkout must fetch tags).
 */
export function checkOutOldRelease(): { serverDir: string; remove(): void } | null {
  if (!hasTag(OLD_RELEASE)) return null;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-old-'));
  const archive = execFileSync('git', ['-C', REPO, 'archive', '--format=tar', OLD_RELEASE, 'package.json', 'tsconfig.base.json', 'packages/protocol', 'packages/server'], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  const modules = path.join(root, 'node_modules');
  fs.mkdirSync(path.join(modules, '@natter'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(REPO, 'node_modules'))) {
    if (entry === '@natter' || entry === '.bin' || entry.startsWith('.')) continue;
    fs.symlinkSync(path.join(REPO, 'node_modules', entry), path.join(modules, entry));
  }
  for (const pkg of ['protocol', 'server']) fs.symlinkSync(path.join(root, 'packages', pkg), path.join(modules, '@natter', pkg));
  return { serverDir: path.join(root, 'packages', 'server'), remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
