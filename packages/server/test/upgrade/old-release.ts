import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../../../..');

/**
 * The previous release, whose databases the current code must upgrade: its tag, or the commit the
 * tag names when a checkout carries the history without the tag.
 */
const OLD_RELEASE_TAG = 'v0.1.0';
const OLD_RELEASE_COMMIT = 'f1d882ba087108b9aced368d810dcf762f3cce07';

function hasCommit(ref: string): boolean {
  try {
    execFileSync('git', ['-C', REPO, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The ref to read the old release from, or null when neither the tag nor its commit is in this clone. */
function oldReleaseRef(): string | null {
  if (hasCommit(OLD_RELEASE_TAG)) return OLD_RELEASE_TAG;
  if (hasCommit(OLD_RELEASE_COMMIT)) return OLD_RELEASE_COMMIT;
  return null;
}

export const OLD_RELEASE = OLD_RELEASE_TAG;

/**
 * The old release's protocol and server packages in a temporary directory (`git archive`, so the
 * repository is only read), running on this checkout's installed dependencies: every package is
 * linked from here except the workspace ones, which point at the old sources. No network.
 * Returns null when neither the tag nor its commit is in this clone (a shallow checkout).
 */
export function checkOutOldRelease(): { serverDir: string; remove(): void } | null {
  const ref = oldReleaseRef();
  if (ref === null) return null;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-old-'));
  const archive = execFileSync('git', ['-C', REPO, 'archive', '--format=tar', ref, 'package.json', 'tsconfig.base.json', 'packages/protocol', 'packages/server'], { maxBuffer: 256 * 1024 * 1024 });
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
