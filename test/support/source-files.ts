import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every TypeScript file under a directory, at any depth, as paths joined to it. */
export function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
