/**
 * What a command loads. A SQLite user never pays for the EventStoreDB client and gRPC
 * (about 0.3 s of CPU), and a command loads only its own subcommand. Checked on the real,
 * shipped program (the CLI bundle) in a child process, with loader hooks recording every
 * file loaded and the bundle's metafile saying which sources each file holds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const bundle = new URL('../../dist/cli-bundle/', import.meta.url);
let runs = 0;

/** Runs node with the recorder preloaded: its result and the URLs of every module it loaded. */
async function recorded(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ run: CliRun; loaded: string[] }> {
  const file = join(tmp.dir, `loaded-${++runs}.txt`);
  writeFileSync(file, '');
  const run = await runNode(['--import', recorder, ...args], {
    env: { ...env, CALLSTREAM_RECORD_LOADS: file },
  });
  return { run, loaded: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
}

/** The sources (paths from the repository's root) inside the bundle files that were loaded. */
function sourcesIn(loaded: readonly string[]): string[] {
  const { outputs } = JSON.parse(readFileSync(new URL('meta.json', bundle), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  return loaded
    .filter((url) => url.startsWith(bundle.href))
    .flatMap((url) => {
      const output = outputs[`dist/cli-bundle/${url.slice(bundle.href.length)}`];
      if (!output) throw new Error(`${url} is not in the bundle's metafile`);
      return Object.keys(output.inputs);
    });
}

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
    const { run, loaded } = await recorded([bin, 'show', 'C-000002', '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^C-000002 — Closed/);
    const sources = sourcesIn(loaded);
    // The record is real: what show needs is in it.
    expect(sources).toContain('src/cli/subcommands/show.ts');
    expect(sources).toContain('src/store/sqlite.ts');
    expect(loadedAny(loaded, /\/node_modules\/better-sqlite3\//)).toBe(true);
    expect(loaded.filter((url) => eventStoreDbClient.test(url))).toEqual([]);
    expect(sources.filter((source) => source.includes('eventstoredb-adapter'))).toEqual([]);
    expect(
      sources.filter(
        (source) => source.startsWith('src/cli/subcommands/') && !source.endsWith('/show.ts'),
      ),
    ).toEqual([]);
    expect(sources.filter((source) => source.startsWith('src/demo/'))).toEqual([]);
    // zod's locales are left out of the bundle but the one it configures.
    expect(
      sources.filter((source) => /zod\/v4\/locales\/(?!en\.js|index\.js)/.test(source)),
    ).toEqual([]);
  });

  it('callstream board on SQLite does not load the EventStoreDB client', async () => {
    const { run, loaded } = await recorded([bin, 'board', '--db', db, '--json']);
    expect(run.code).toBe(0);
    expect(sourcesIn(loaded)).toContain('src/cli/subcommands/board.ts');
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
