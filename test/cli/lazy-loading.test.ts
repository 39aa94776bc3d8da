/**
 * What a command loads. A SQLite user never pays for the EventStoreDB client and gRPC
 * (about 0.3 s of CPU), and a command evaluates only its own subcommand. Checked on the real,
 * shipped program (the CLI bundle, one script) in a child process: loader hooks record every
 * file loaded, and V8's coverage says which of the bundle's sources were evaluated (esbuild
 * wraps each source imported, directly or not, by a dynamic import in a function named after it,
 * run when it is first imported).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCalls } from '../../src/bench/generate.js';
import { Callstream } from '../../src/callstream.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { runNode, type CliRun } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const db = tmp.path;
afterAll(() => tmp.remove());

const bin = fileURLToPath(new URL('../../bin/callstream.js', import.meta.url));
const entry = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const recorder = fileURLToPath(new URL('../support/record-loads.mjs', import.meta.url));
const bundle = fileURLToPath(new URL('../../dist/cli-bundle/main.cjs', import.meta.url));
let runs = 0;

interface Recorded {
  readonly run: CliRun;
  /** The URLs of every module loaded. */
  readonly loaded: string[];
  /** The bundle's sources (paths from the repository's root): each wrapped one, and whether it was evaluated. */
  readonly sources: Map<string, boolean>;
}

/** Runs node with the recorder preloaded and V8's coverage on. */
async function recorded(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Recorded> {
  const file = join(tmp.dir, `loaded-${++runs}.txt`);
  const coverage = join(tmp.dir, `coverage-${runs}`);
  writeFileSync(file, '');
  mkdirSync(coverage);
  const run = await runNode(['--import', recorder, ...args], {
    env: { ...env, CALLSTREAM_RECORD_LOADS: file, NODE_V8_COVERAGE: coverage },
  });
  return {
    run,
    loaded: readFileSync(file, 'utf8').split('\n').filter(Boolean),
    sources: bundleSources(coverage),
  };
}

interface Coverage {
  readonly result: ReadonlyArray<{
    readonly url: string;
    readonly functions: ReadonlyArray<{
      readonly functionName: string;
      readonly ranges: ReadonlyArray<{ readonly count: number }>;
    }>;
  }>;
}

function bundleSources(coverage: string): Map<string, boolean> {
  const sources = new Map<string, boolean>();
  for (const name of readdirSync(coverage)) {
    const { result } = JSON.parse(readFileSync(join(coverage, name), 'utf8')) as Coverage;
    for (const script of result.filter(({ url }) => url === pathToFileURL(bundle).href))
      for (const { functionName, ranges } of script.functions)
        if (functionName.startsWith('src/'))
          sources.set(functionName, (sources.get(functionName) ?? false) || ranges[0]!.count > 0);
  }
  return sources;
}

const evaluated = (sources: Map<string, boolean>) =>
  [...sources].filter(([, ran]) => ran).map(([source]) => source);

const eventStoreDbClient = /\/node_modules\/(@eventstore\/db-client|@grpc\/grpc-js)\//;
const loadedAny = (loaded: readonly string[], pattern: RegExp) =>
  loaded.some((url) => pattern.test(url));

describe('lazy loading (real child process)', () => {
  beforeAll(async () => {
    const store = new SqliteEventStore(db);
    await generateCalls(store, 3);
    await store.close();
    await (await Callstream.open({ file: db })).close();
  });

  it('callstream show on SQLite loads neither the EventStoreDB client nor any other subcommand', async () => {
    const { run, loaded, sources } = await recorded([bin, 'show', 'C-000002', '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^C-000002 — Closed/);
    const ran = evaluated(sources);
    // The record is real: what show needs is in it, and what it leaves is there, not run.
    expect(ran).toContain('src/cli/subcommands/show.ts');
    expect(ran).toContain('src/store/sqlite.ts');
    expect(sources.get('src/cli/subcommands/demo.ts')).toBe(false);
    expect(sources.get('src/store/eventstoredb-adapter.ts')).toBe(false);
    expect(loadedAny(loaded, /\/node_modules\/better-sqlite3\//)).toBe(true);
    expect(loaded.filter((url) => eventStoreDbClient.test(url))).toEqual([]);
    expect(ran.filter((source) => source.includes('eventstoredb-adapter'))).toEqual([]);
    expect(
      ran.filter(
        (source) => source.startsWith('src/cli/subcommands/') && !source.endsWith('/show.ts'),
      ),
    ).toEqual([]);
    expect(ran.filter((source) => source.startsWith('src/demo/'))).toEqual([]);
  });

  it("the bundle holds zod's English locale only", () => {
    // esbuild's output names each module it holds in a comment line.
    const held = readFileSync(bundle, 'utf8').match(/^\/\/ node_modules\/zod\/v4\/locales\/\S+/gm);
    expect(held).toEqual([
      '// node_modules/zod/v4/locales/en.js',
      '// node_modules/zod/v4/locales/index.js',
    ]);
  });

  it('callstream board on SQLite does not load the EventStoreDB client', async () => {
    const { run, loaded, sources } = await recorded([bin, 'board', '--db', db, '--json']);
    expect(run.code).toBe(0);
    expect(evaluated(sources)).toContain('src/cli/subcommands/board.ts');
    expect(loadedAny(loaded, eventStoreDbClient)).toBe(false);
  });

  it('importing the package entry does not load the EventStoreDB client, though it exports the store', async () => {
    const script = `const m = await import(${JSON.stringify(entry)}); if (typeof m.EventStoreDbEventStore !== 'function') process.exit(3);`;
    const { run, loaded } = await recorded(['--input-type=module', '-e', script]);
    expect(run.code).toBe(0);
    expect(loadedAny(loaded, /\/dist\/index\.js$/)).toBe(true);
    expect(loadedAny(loaded, eventStoreDbClient)).toBe(false);
  });

  it('--store eventstoredb loads the client when it is used, and takes a kurrentdb:// connection string', async () => {
    // A port nothing listens on: the client loads, parses the string and fails to connect.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { run, loaded } = await recorded(
      [bin, 'board', '--store', 'eventstoredb', '--db', join(tmp.dir, 'views.db')],
      {
        EVENTSTORE_CONNECTION_STRING: `kurrentdb://127.0.0.1:${port}?tls=false`,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/UNAVAILABLE|ECONNREFUSED/);
    expect(loadedAny(loaded, /\/node_modules\/@eventstore\/db-client\//)).toBe(true);
  });

  it('--store eventstoredb with a connection string of another scheme is a usage error', async () => {
    const { run, loaded } = await recorded(
      [bin, 'board', '--store', 'eventstoredb', '--db', join(tmp.dir, 'views.db')],
      {
        EVENTSTORE_CONNECTION_STRING: 'http://admin:secret@localhost:2113',
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /EVENTSTORE_CONNECTION_STRING must start with esdb:\/\/, esdb\+discover:\/\/, kurrentdb:\/\/, kurrentdb\+discover:\/\//,
    );
    expect(run.stderr).not.toMatch(/secret/);
    expect(loadedAny(loaded, eventStoreDbClient)).toBe(false);
  });
});
