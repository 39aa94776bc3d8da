import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { runDemoThread } from './demo-thread.js';
import { boundHeapGrowth } from './heap.js';

/**
 * Starts the command line from its bundle (dist/cli-bundle/main.cjs) through V8's code cache
 * made beside it at build time (scripts/build-bundles.mjs): a command then skips parsing and
 * compiling the code it runs, about a fifth of a read command's start-up. Node 20's ES module
 * loader takes no code cache, hence one CommonJS script compiled here.
 *
 * The cache is V8's own format, which V8 checks against its version and flags only (and the
 * source's length): it starts with the SHA-256 of the bundle it was made from, and is used
 * only for that bundle. A cache V8 rejects (another Node version, other V8 flags), or none,
 * costs nothing but the compiling it would have saved.
 */
export interface LoadedCli {
  main(argv: readonly string[]): Promise<number>;
  /** What became of the code cache: used, rejected by V8, made from another bundle, or absent. */
  readonly codeCache: 'used' | 'rejected' | 'stale' | 'absent';
  /** The cache of what this process compiled so far, for the build to write (see writeCodeCache). */
  createCodeCache(): Buffer;
}

const DIGEST_BYTES = 32;

/** The bundle's directory as shipped: dist/cli-bundle beside dist/launch. */
export const CLI_BUNDLE = fileURLToPath(new URL('../cli-bundle/', import.meta.url));

const bundleFile = (directory: string) => join(directory, 'main.cjs');
const cacheFile = (directory: string) => join(directory, 'main.cjs.cache');

export function loadCli(directory = CLI_BUNDLE, { codeCache = true } = {}): LoadedCli {
  // Before compiling: the flags V8 runs with are part of what a code cache must match, and
  // the command line bounds the heap's growth (heap.ts). The build made the cache so too.
  boundHeapGrowth();
  const file = bundleFile(directory);
  const bundle = readFileSync(file);
  const digest = createHash('sha256').update(bundle).digest();
  const cache = codeCache ? readCache(directory) : undefined;
  const matches = cache !== undefined && digest.equals(cache.subarray(0, DIGEST_BYTES));
  // The build writes the bundle in ASCII: read as Latin-1 it becomes a one-byte string,
  // decoded in a third of the time UTF-8 takes. On one line with the code: its line numbers hold.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${bundle.toString('latin1')}\n})`,
    {
      filename: file,
      ...(matches ? { cachedData: cache.subarray(DIGEST_BYTES) } : {}),
    },
  );
  const module = { exports: {} as { main?: LoadedCli['main'] } };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(file),
    module,
    file,
    directory,
  );
  const { main } = module.exports;
  if (typeof main !== 'function') throw new Error(`${file} exports no main function`);
  return {
    main,
    codeCache:
      cache === undefined
        ? 'absent'
        : !matches
          ? 'stale'
          : script.cachedDataRejected
            ? 'rejected'
            : 'used',
    createCodeCache: () => Buffer.concat([digest, script.createCachedData()]),
  };
}

function readCache(directory: string): Buffer | undefined {
  try {
    return readFileSync(cacheFile(directory));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes the code cache of what `cli` compiled so far beside its bundle. */
export function writeCodeCache(cli: LoadedCli, directory = CLI_BUNDLE): void {
  writeFileSync(cacheFile(directory), cli.createCodeCache());
}

/** The command line, as bin/callstream.js runs it: the demo on a thread of its own (demo-thread.ts). */
export function startCli(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'demo') return runDemoThread(argv);
  return loadCli().main(argv);
}
