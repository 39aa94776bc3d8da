import { mkdtempSync, rmSync } from 'node:fs';
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
