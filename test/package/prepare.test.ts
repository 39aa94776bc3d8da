import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isBuilt, record } from '../../scripts/build-inputs.mjs';
import { childProcessBudget, runNode } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * npm runs `prepare` after `npm ci` and again when the first `npx callstream` from a checkout
 * installs it into npm's npx cache. The second time nothing changed, and it must not build
 * again (20 s of CPU, 700 MB): the README's first command would pay for two builds.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('prepare', () => {
  it(
    'skips the build of a checkout whose dist/ was built from its sources (as the suite built it)',
    async () => {
      const before = statSync(join(root, 'dist', 'index.js')).mtimeMs;
      const run = await runNode([join(root, 'scripts', 'prepare.mjs')], { cwd: root });
      expect(run.code).toBe(0);
      // On stderr: `npm pack --json` runs prepare, and its stdout must stay JSON.
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('the build is skipped');
      expect(statSync(join(root, 'dist', 'index.js')).mtimeMs).toBe(before);
    },
    childProcessBudget(1),
  );

  describe('what counts as built', () => {
    const scratch = temporaryDatabase();
    const checkout = scratch.dir;
    afterEach(() => scratch.remove());

    const write = (path: string, text: string) => {
      mkdirSync(join(checkout, path, '..'), { recursive: true });
      writeFileSync(join(checkout, path), text);
    };

    it('is the sources, scripts, manifests and compiler settings recorded by the last build, with dist/ beside them', () => {
      write('src/index.ts', 'export const a = 1;\n');
      write('scripts/build-bundles.mjs', '// bundles\n');
      write('package.json', '{}\n');
      write('package-lock.json', '{}\n');
      write('tsconfig.json', '{}\n');
      mkdirSync(join(checkout, 'dist'));
      expect(isBuilt(checkout)).toBe(false); // never built
      record(checkout);
      expect(isBuilt(checkout)).toBe(true);

      write('dist/index.js', 'changed output is not an input\n');
      expect(isBuilt(checkout)).toBe(true);

      for (const [path, text] of [
        ['src/index.ts', 'export const a = 2;\n'],
        ['src/domain/new-file.ts', 'export {};\n'],
        ['scripts/build-bundles.mjs', '// other bundles\n'],
        ['package-lock.json', '{"lockfileVersion":3}\n'],
        ['tsconfig.build.json', '{}\n'],
      ] as const) {
        write(path, text);
        expect(isBuilt(checkout), path).toBe(false);
        record(checkout);
        expect(isBuilt(checkout), path).toBe(true);
      }

      rmSync(join(checkout, 'src', 'domain', 'new-file.ts'));
      expect(isBuilt(checkout), 'a source removed').toBe(false);
      record(checkout);
      rmSync(join(checkout, 'dist'), { recursive: true });
      mkdirSync(join(checkout, 'dist'));
      expect(isBuilt(checkout), 'dist/ deleted, or a build that did not finish').toBe(false);
    });
  });
});
