import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeScriptFiles } from '../support/source-files.js';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * The package says it runs on Node 20.10 and later (`engines`). An ES module's named import
 * of an export its Node lacks fails the whole module graph at load time, so what Node added
 * since is used through a namespace and a check (src/store/hashing.ts), never imported by name.
 */
const ADDED_SINCE_20_10: Readonly<Record<string, readonly string[]>> = {
  'node:crypto': ['hash'], // 20.12
};

const SRC = resolve(import.meta.dirname, '../../src');

describe('the Node versions the package admits', () => {
  it('admits 20.10 and later', () => {
    expect(packageJson.engines.node).toBe('>=20.10');
  });

  it('imports nothing by name that Node added after 20.10', () => {
    const found: string[] = [];
    for (const file of typeScriptFiles(SRC)) {
      const source = readFileSync(file, 'utf8');
      for (const [module, names] of Object.entries(ADDED_SINCE_20_10)) {
        for (const match of source.matchAll(
          new RegExp(`import\\s*(?:type\\s*)?\\{([^}]*)\\}\\s*from\\s*['"]${module}['"]`, 'g'),
        )) {
          const imported = match[1]!.split(',').map((part) => part.trim().split(/\s+as\s+/)[0]);
          for (const name of names)
            if (imported.includes(name))
              found.push(`${relative(SRC, file)}: ${name} from ${module}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
