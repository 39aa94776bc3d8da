import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory with a database path in it; `remove` deletes the directory and the WAL files. */
export function temporaryDatabase(name = 'callstream.db'): {
  path: string;
  dir: string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'callstream-test-'));
  return {
    path: join(dir, name),
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Descriptors this process holds open on files whose path `matches` (Linux; 0 elsewhere). */
export function openDescriptors(matches: (path: string) => boolean): number {
  if (!existsSync('/proc/self/fd')) return 0;
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return matches(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      return false; // closed meanwhile (the listing's own descriptor)
    }
  }).length;
}
