import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small tmpfs the test mounted itself, so it can fill it or make it read-only. */
export interface TestMount {
  dir: string;
  /** Remounts it read-only (true) or writable (false). */
  readOnly(on: boolean): void;
  unmount(): void;
}

/** Mounts a tmpfs of `kib` KiB in a fresh temporary folder; throws when mounting is not permitted. */
export function mountTmpfs(kib: number): TestMount {
  const dir = mkdtempSync(join(tmpdir(), 'apostil-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    readOnly: (on) => execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, dir], { stdio: 'pipe' }),
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Why mount-based tests cannot run here, or null when they can (root, and mounting tmpfs is permitted). */
export function mountUnavailable(): string | null {
  if (process.platform !== 'linux') return 'needs Linux tmpfs mounts';
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs';
  try {
    mountTmpfs(64).unmount();
    return null;
  } catch (err) {
    return `mounting a tmpfs is not permitted here (${(err as Error).message.split('\n')[0]})`;
  }
}
