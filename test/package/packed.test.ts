import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childProcessBudget, runNode } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * The package as a user gets it: `npm pack`, unpacked into an empty project beside exactly
 * the production dependencies it declares (linked from this checkout, so the test needs no
 * network), then used by a strict TypeScript consumer without `skipLibCheck`, running the
 * README's examples verbatim. A dependency the package forgets to declare, a declaration
 * file that does not type-check, or a README example that no longer runs fails here.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const scratch = temporaryDatabase();
const consumer = join(scratch.dir, 'consumer');
const modules = join(consumer, 'node_modules');
let packedFiles: string[] = [];

/** Every package directory in the production dependency tree, top-level ones only (nested ones come with their parents). */
function productionPackages(): string[] {
  const listed = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: root,
    encoding: 'utf8',
  });
  const top = join(root, 'node_modules') + sep;
  return [...new Set(listed.stdout.split('\n'))]
    .filter((path) => path.startsWith(top))
    .map((path) => relative(top, path))
    .filter(
      (name) =>
        !name.includes(`${sep}node_modules${sep}`) &&
        name.split(sep).length === (name.startsWith('@') ? 2 : 1),
    );
}

function link(name: string): void {
  const target = join(modules, name);
  mkdirSync(dirname(target), { recursive: true });
  if (!existsSync(target)) symlinkSync(join(root, 'node_modules', name), target, 'dir');
}

/** The README's TypeScript examples, in order. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

beforeAll(() => {
  // dist/ is built by the suite's global set-up; packing must not rebuild it under other tests.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch.dir], {
      cwd: root,
      encoding: 'utf8',
    }),
  ) as [{ filename: string; files: Array<{ path: string }> }];
  packedFiles = packed[0].files.map((file) => file.path);
  const unpacked = join(modules, 'callstream');
  mkdirSync(unpacked, { recursive: true });
  execFileSync('tar', [
    '-xzf',
    join(scratch.dir, packed[0].filename),
    '-C',
    unpacked,
    '--strip-components=1',
  ]);
  for (const name of productionPackages()) link(name);
  // What the consumer itself installs to write TypeScript for Node.
  for (const name of ['typescript', '@types/node']) link(name);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
}, childProcessBudget(2));

afterAll(() => scratch.remove());

describe('the packed package', () => {
  it('ships the library, the CLI, their types and sources, the docs the README links to, and a licence, but no benchmark', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'bin/callstream.js',
        'dist/index.js',
        'dist/index.d.ts',
        'src/index.ts',
        // The README links to them.
        'docs/stores.md',
        'docs/privacy.md',
      ]),
    );
    expect(
      packedFiles.filter((path) => path.startsWith('dist/bench/') || path.startsWith('src/bench/')),
    ).toEqual([]);
    expect(packedFiles.filter((path) => path.startsWith('test/'))).toEqual([]);
  });

  it('has no source map that points at a file it does not ship', () => {
    const maps = packedFiles.filter((path) => path.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(100);
    const shipped = new Set(packedFiles);
    const missing = maps.flatMap((map) => {
      const { sources } = JSON.parse(readFileSync(join(modules, 'callstream', map), 'utf8')) as {
        sources: string[];
      };
      return sources
        .map((source) =>
          relative(
            join(modules, 'callstream'),
            resolve(join(modules, 'callstream', dirname(map)), source),
          )
            .split(sep)
            .join('/'),
        )
        .filter((source) => !shipped.has(source));
    });
    expect(missing).toEqual([]);
  });

  it(
    "type-checks the README's examples and the typed requests in a strict consumer without skipLibCheck, and runs the examples",
    async () => {
      const examples = readmeExamples();
      expect(examples.length).toBeGreaterThan(0);
      mkdirSync(join(consumer, 'src'), { recursive: true });
      examples.forEach((code, i) =>
        writeFileSync(join(consumer, 'src', `readme-${i + 1}.ts`), code),
      );
      // The type-level specification of execute (misspelt type, field or role must not
      // compile), against the published declarations this time.
      const typed = readFileSync(join(root, 'test', 'types', 'typed-requests.ts'), 'utf8');
      expect(typed).toContain("from '../../src/index.js'");
      writeFileSync(
        join(consumer, 'src', 'typed-requests.ts'),
        typed.replace("from '../../src/index.js'", "from 'callstream'"),
      );
      const compilerOptions = {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        types: ['node'],
        outDir: 'dist',
        rootDir: 'src',
      };
      writeFileSync(
        join(consumer, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, include: ['src'] }),
      );
      const compiled = await runNode([require.resolve('typescript/bin/tsc'), '-p', consumer]);
      expect(compiled.stdout + compiled.stderr).toBe('');
      expect(compiled.code).toBe(0);

      const ran = await runNode([join(consumer, 'dist', 'readme-1.js')], { cwd: consumer });
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain('C-000001 partly-covered');
      expect(ran.stdout).toContain("[ 'C-000001 InProcess' ]");
      expect(ran.stdout).toMatch(/chargeable: 11575/);
      // Run again on its file: every command id was seen, nothing is written, the same is printed.
      const events = () => {
        const db = new Database(join(consumer, 'service.db'), { readonly: true });
        try {
          return db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
        } finally {
          db.close();
        }
      };
      const before = events();
      expect(before.n).toBeGreaterThan(10);
      const again = await runNode([join(consumer, 'dist', 'readme-1.js')], { cwd: consumer });
      expect([again.code, again.stderr, again.stdout]).toEqual([0, '', ran.stdout]);
      expect(events()).toEqual(before);
    },
    childProcessBudget(3),
  );

  it(
    'runs its CLI from the package: the bundle, with nothing of the checkout',
    async () => {
      expect(packedFiles).toContain('dist/cli-bundle/main.cjs');
      expect(packedFiles).toContain('dist/cli-bundle/main.cjs.cache');
      expect(packedFiles.filter((path) => path.startsWith('dist/cli/'))).toEqual([]);
      const bin = join(modules, 'callstream', 'bin', 'callstream.js');
      // The code cache shipped is the one made for the bundle shipped, and V8 takes it.
      const launcher = join(modules, 'callstream', 'dist', 'launch', 'cli.js');
      const cache = await runNode(
        [
          '--input-type=module',
          '-e',
          `const { loadCli } = await import(${JSON.stringify(launcher)}); process.stdout.write(loadCli().codeCache);`,
        ],
        { cwd: consumer },
      );
      expect(cache.stdout).toBe('used');
      const db = join(scratch.dir, 'packed-cli.db');
      const version = await runNode([bin, '--version'], { cwd: consumer });
      expect(version.stdout).toBe(
        `callstream ${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version}\n`,
      );
      const demo = await runNode([bin, 'demo', '--calls', '3', '--db', db, '--json'], {
        cwd: consumer,
      });
      expect(demo.stderr).toBe('');
      expect(demo.code).toBe(0);
      const shown = await runNode([bin, 'show', 'C-000001', '--db', db], { cwd: consumer });
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/^C-000001 — /);
    },
    childProcessBudget(4),
  );
});
