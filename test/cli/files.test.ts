import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { CALLSTREAM_APPLICATION_ID } from '../../src/store/sqlite-file.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import { childProcessBudget, cli, cliAs, type CliRun } from '../support/cli.js';
import { oneCallHistory } from '../support/cli-history.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * The files the CLI touches: it reads only callstream databases, creates one only for a
 * write command in a new or empty file, never writes into another application's file, and
 * says what is wrong with a path in the user's words.
 */
const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

const setUp = oneCallHistory({ at: '2026-11-23T09:00:00Z' });

/** The user id of `nobody`: the read-only cases run as that user, which only root can become. */
const NOBODY = 65534;
/** Another ordinary user: a service account that owns its database. */
const OWNER = 1000;
const canRunAsNobody = (() => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!canRunAsNobody)
  console.warn('files.test.ts: not root or no setpriv: the read-only database cases are SKIPPED');

/**
 * The CLI as a user file modes bind: this user, or nobody when this is root (root reads a
 * mode 000 file all the same); none when root cannot become nobody, and the cases are skipped.
 */
const boundByModes: ((args: readonly string[]) => Promise<CliRun>) | undefined =
  process.getuid?.() !== 0
    ? (args) => cli(args)
    : canRunAsNobody
      ? (args) => cliAs(NOBODY, args)
      : undefined;

/** The header mark a callstream file carries (the CLI marks read-model files made for EventStoreDB so). */
function markAsCallstream(path: string): void {
  const db = new Database(path);
  db.pragma(`application_id = ${CALLSTREAM_APPLICATION_ID}`);
  db.close();
}

function countEvents(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Another application's SQLite file, as that application left it (rollback journal, no WAL). */
function foreignDatabase(name: string): string {
  const path = join(tmp.dir, name);
  const db = new Database(path);
  db.exec(
    "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada');",
  );
  db.close();
  return path;
}

const noRawText = (run: CliRun) => {
  expect(run.stderr).not.toMatch(
    /unable to open database file|EISDIR|ENOENT|SQLITE_|file is not a database|\n\s+at /,
  );
  expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2); // the message, and at most the usage hint
};

// Read commands share one way of opening the database; a few of them stand for all.
const readCommands = [
  ['board'],
  ['show', 'C-000001'],
  ['log', 'C-000001'],
  ['sla', 'stats'],
  ['replay'],
  ['verify'],
];

describe('the files the CLI touches (real child processes)', () => {
  let db: string;
  beforeAll(async () => {
    db = join(tmp.dir, 'callstream.db');
    const run = await cli(['exec', '--db', db], { input: setUp });
    expect(run.code, run.stderr).toBe(0);
  }, childProcessBudget(1));

  it("creates a database only for a write command, marked as callstream's in its header", () => {
    expect(readFileSync(db).readUInt32BE(68)).toBe(CALLSTREAM_APPLICATION_ID);
  });

  it(
    "refuses another application's SQLite file for every read and write command, leaving it byte-for-byte unchanged",
    async () => {
      const foreign = foreignDatabase('other-app.db');
      const before = readFileSync(foreign);
      for (const args of [...readCommands, ['exec'], ['demo', '--calls', '1', '--fresh']]) {
        const run = await cli([...args, '--db', foreign], { input: '' });
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr).toMatch(
          /other-app\.db is a SQLite database of another application, not callstream's; it was left untouched/,
        );
        noRawText(run);
      }
      expect(readFileSync(foreign).equals(before)).toBe(true);
      expect(existsSync(`${foreign}-wal`) || existsSync(`${foreign}-shm`)).toBe(false);
    },
    childProcessBudget(readCommands.length + 2),
  );

  it(
    'refuses a file that is not SQLite at all, an empty file for reading, and a directory, in plain words',
    async () => {
      const notes = join(tmp.dir, 'notes.txt');
      writeFileSync(notes, 'my notes\n'.repeat(100));
      const text = await cli(['board', '--db', notes]);
      expect(text.code).toBe(2);
      expect(text.stderr).toMatch(
        /notes\.txt is not a callstream database \(not a SQLite file at all\)/,
      );
      expect(readFileSync(notes, 'utf8')).toBe('my notes\n'.repeat(100));
      const empty = join(tmp.dir, 'empty.db');
      writeFileSync(empty, '');
      const nothing = await cli(['board', '--db', empty]);
      expect(nothing.code).toBe(2);
      expect(nothing.stderr).toMatch(/empty\.db is empty/);
      expect(readFileSync(empty).length).toBe(0);
      // A wiped store is no history: verify never calls it intact, nor makes it a database.
      const unverified = await cli(['verify', '--db', empty]);
      expect(unverified.code).toBe(2);
      expect(unverified.stderr).toMatch(/empty\.db is empty/);
      expect(readFileSync(empty).length).toBe(0);
      const folder = join(tmp.dir, 'a-folder');
      mkdirSync(folder);
      for (const args of [['board'], ['exec']]) {
        const run = await cli([...args, '--db', folder]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/a-folder is a directory/);
        noRawText(run);
      }
      const nowhere = join(tmp.dir, 'no-such-folder', 'x.db');
      const missingFolder = await cli(['exec', '--db', nowhere], { input: setUp });
      expect(missingFolder.code).toBe(2);
      expect(missingFolder.stderr).toMatch(
        /Cannot create .*x\.db: the folder .*no-such-folder does not exist/,
      );
      noRawText(missingFolder);
      for (const run of [text, nothing]) noRawText(run);
    },
    childProcessBudget(6),
  );

  it(
    'verify refuses a file of read models alone: no history to call intact, and none created',
    async () => {
      const readModelsOnly = join(tmp.dir, 'read-models-only.db');
      new SqliteReadModelStore(readModelsOnly).close();
      markAsCallstream(readModelsOnly);
      const run = await cli(['verify', '--db', readModelsOnly]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/holds read models only, no event store/);
      noRawText(run);
      const file = new Database(readModelsOnly, { readonly: true });
      const tables = file
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .pluck()
        .all();
      file.close();
      expect(tables).not.toContain('events');
    },
    childProcessBudget(1),
  );

  it(
    'refuses a command line that is not UTF-8 rather than storing U+FFFD in its place, and goes on',
    async () => {
      const events = () => countEvents(db);
      const before = events();
      const logCall = (description: string) =>
        JSON.stringify({
          ...(JSON.parse(setUp.split('\n')[2]!) as object),
          commandId: uuid(),
          description,
        });
      // "Café" in Latin-1: 0xE9 alone is no UTF-8.
      const latin1 = Buffer.concat([
        Buffer.from(logCall('Caf__').replace('Caf__', 'Caf'), 'utf8').subarray(0, -2),
        Buffer.from([0xe9]),
        Buffer.from('"}\n', 'utf8'),
      ]);
      const run = await cli(['exec', '--db', db], {
        input: Buffer.concat([latin1, Buffer.from(`${logCall('Café, in UTF-8')}\n`, 'utf8')]),
      });
      const replies = run.stdout
        .trim()
        .split('\n')
        .map(
          (line) => JSON.parse(line) as { ok: boolean; error?: { code: string; message: string } },
        );
      expect(run.code).toBe(1);
      expect(replies.map((reply) => reply.ok)).toEqual([false, true]);
      expect(replies[0]!.error).toMatchObject({
        code: 'ValidationError',
        message: 'Line 1 is not valid UTF-8 text',
      });
      expect(events()).toBeGreaterThan(before);
      const stored = new Database(db, { readonly: true });
      const texts = stored
        .prepare("SELECT data FROM events WHERE type = 'CallLogged'")
        .pluck()
        .all() as string[];
      stored.close();
      expect(texts.some((text) => text.includes('\ufffd'))).toBe(false);
    },
    childProcessBudget(1),
  );

  it.skipIf(!canRunAsNobody)(
    "reads a database it may read but not write as it is (an auditor's copy in a read-only folder), and refuses a write with one plain error, exit 2",
    async () => {
      // A folder nobody may write, holding a copy of the database: no -shm can be made there.
      const folder = join(tmp.dir, 'read-only-folder');
      mkdirSync(folder);
      const locked = join(folder, 'callstream.db');
      copyFileSync(db, locked);
      chmodSync(tmp.dir, 0o755);
      chmodSync(folder, 0o755);
      chmodSync(locked, 0o644);
      const copied = readFileSync(locked);
      const verified = await cliAs(NOBODY, ['verify', '--db', locked]);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/^Intact: \d+ events in \d+ streams verified/);
      const shown = await cliAs(NOBODY, ['show', 'C-000001', '--db', locked]);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(/^C-000001 /);
      const replayed = await cliAs(NOBODY, ['replay', '--db', locked]);
      expect(replayed.code, replayed.stderr).toBe(0);
      expect(replayed.stdout).toMatch(/identical to the live ones/);
      const forgotten = await cliAs(NOBODY, [
        'person',
        'forget',
        'someone',
        '--reason',
        'DSR-1',
        '--db',
        locked,
      ]);
      expect(forgotten.code, forgotten.stderr).toBe(2);
      expect(forgotten.stderr).toMatch(
        /Cannot write .*callstream\.db: it is open for reading only/,
      );
      noRawText(forgotten);
      expect(readFileSync(locked).equals(copied)).toBe(true);
      expect(existsSync(`${locked}-shm`) || existsSync(`${locked}-wal`)).toBe(false);
      // A read-only file in a folder anyone may write: exec stops at its first line.
      const open = join(tmp.dir, 'open-folder');
      mkdirSync(open);
      chmodSync(open, 0o777);
      const readOnly = join(open, 'callstream.db');
      copyFileSync(db, readOnly);
      chmodSync(readOnly, 0o644);
      const before = readFileSync(readOnly);
      const logCall = JSON.stringify({
        ...(JSON.parse(setUp.split('\n')[2]!) as object),
        commandId: uuid(),
      });
      const exec = await cliAs(NOBODY, ['exec', '--db', readOnly], {
        input: `${logCall}\n${logCall}\n`,
      });
      expect(exec.code, exec.stderr).toBe(2);
      expect(exec.stdout).toBe('');
      expect(exec.stderr).toMatch(/Cannot (write|open) .*callstream\.db/);
      noRawText(exec);
      expect(readFileSync(readOnly).equals(before)).toBe(true);
    },
    childProcessBudget(6),
  );

  it.skipIf(!canRunAsNobody)(
    "refuses, in the user's words, a read-only copy whose -wal holds transactions SQLite cannot read there",
    async () => {
      const folder = join(tmp.dir, 'read-only-with-wal');
      mkdirSync(folder);
      const copy = join(folder, 'callstream.db');
      // A writer that has not checkpointed yet: its last transaction lives in the -wal alone.
      const writer = new Database(db);
      writer.pragma('wal_autocheckpoint = 0');
      writer.exec('CREATE TABLE IF NOT EXISTS scratch (x); INSERT INTO scratch VALUES (1)');
      copyFileSync(db, copy);
      copyFileSync(`${db}-wal`, `${copy}-wal`);
      writer.exec('DROP TABLE scratch');
      writer.close();
      chmodSync(tmp.dir, 0o755);
      chmodSync(folder, 0o755);
      const verified = await cliAs(NOBODY, ['verify', '--db', copy]);
      expect(verified.code, verified.stderr).toBe(2);
      expect(verified.stderr).toMatch(
        /callstream\.db-wal holds transactions not yet copied into .*: copy both files to a folder you may write/,
      );
      noRawText(verified);
    },
    childProcessBudget(1),
  );

  it(
    'reads as it is with --read-only, and refuses there what would write: a write command up front, a command of a read command at its first write',
    async () => {
      const before = readFileSync(db);
      const shown = await cli(['show', 'C-000001', '--read-only', '--db', db]);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(/^C-000001 /);
      const exec = await cli(['exec', '--read-only', '--db', db], { input: `${setUp}\n` });
      expect(exec.code, exec.stderr).toBe(2);
      expect(exec.stderr).toMatch(/--read-only: this command records what it does/);
      const forgotten = await cli([
        'person',
        'forget',
        'someone',
        '--reason',
        'DSR-1',
        '--read-only',
        '--db',
        db,
      ]);
      expect(forgotten.code, forgotten.stderr).toBe(2);
      expect(forgotten.stderr).toMatch(/it is open for reading only .*nothing was written/);
      expect(readFileSync(db).equals(before)).toBe(true);
    },
    childProcessBudget(3),
  );

  it.skipIf(!canRunAsNobody)(
    "says so in the user's words, exit 2, when another user's reader left the file's -wal and -shm read-only",
    async () => {
      // A shared folder: the service (uid 1000) owns the database; an auditor (nobody) reads it.
      const shared = join(tmp.dir, 'shared-folder');
      mkdirSync(shared);
      chmodSync(tmp.dir, 0o755);
      chmodSync(shared, 0o1777);
      const service = join(shared, 'svc.db');
      copyFileSync(db, service);
      chownSync(service, OWNER, OWNER);
      const audited = await cliAs(NOBODY, ['verify', '--db', service]);
      expect(audited.code, audited.stderr).toBe(0);
      const logCall = JSON.stringify({
        ...(JSON.parse(setUp.split('\n')[2]!) as object),
        commandId: uuid(),
      });
      // SQLite leaves the reader's shared-memory file behind, the reader's own, 0644.
      expect(statSync(`${service}-shm`).uid).toBe(NOBODY);
      const exec = await cliAs(OWNER, ['exec', '--db', service], { input: `${logCall}\n` });
      expect(exec.code, exec.stderr).toBe(2);
      expect(exec.stderr).toMatch(/Cannot write .*svc\.db: .*-shm files beside it are read-only/);
      noRawText(exec);
    },
    childProcessBudget(2),
  );

  it(
    'makes an empty file a database for a write command, and keeps reading files written before the header mark',
    async () => {
      const empty = join(tmp.dir, 'empty-for-exec.db');
      writeFileSync(empty, '');
      expect((await cli(['exec', '--db', empty], { input: setUp })).code).toBe(0);
      expect(readFileSync(empty).readUInt32BE(68)).toBe(CALLSTREAM_APPLICATION_ID);
      // A file of an earlier version: callstream's tables, no application id.
      const older = new Database(empty);
      older.pragma('application_id = 0');
      older.close();
      const board = await cli(['board', '--db', empty, '--json']);
      expect(board.code, board.stderr).toBe(0);
      expect(JSON.parse(board.stdout).rows).toHaveLength(1);
    },
    childProcessBudget(2),
  );

  it(
    "never writes an output over the database or another database, callstream's or not, and says why",
    async () => {
      const before = readFileSync(db);
      for (const target of [db, join(tmp.dir, '.', 'callstream.db'), `${db}-wal`]) {
        const run = await cli(['log', 'C-000001', '--db', db, '--html', target]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/Refusing to write .*: it is the database \(--db .*\) itself/);
      }
      expect(readFileSync(db).equals(before)).toBe(true);
      const other = join(tmp.dir, 'other-callstream.db');
      expect((await cli(['exec', '--db', other], { input: setUp })).code).toBe(0);
      const overOther = await cli(['log', 'C-000001', '--db', db, '--html', other]);
      expect(overOther.code).toBe(2);
      expect(overOther.stderr).toMatch(
        /Refusing to write .*other-callstream\.db: it is a callstream database/,
      );
      const foreign = foreignDatabase('report-over-app.db');
      const foreignBefore = readFileSync(foreign);
      const overForeign = await cli(['report', '--db', db, '--html', foreign]);
      expect(overForeign.code).toBe(2);
      expect(overForeign.stderr).toMatch(
        /Refusing to write .*report-over-app\.db: it is a SQLite database of another application; it was left untouched/,
      );
      expect(readFileSync(foreign).equals(foreignBefore)).toBe(true);
      const intoFolder = await cli(['log', 'C-000001', '--db', db, '--html', tmp.dir]);
      expect(intoFolder.code).toBe(2);
      expect(intoFolder.stderr).toMatch(/it is a directory, not a file/);
      noRawText(intoFolder);
      expect((await cli(['board', '--db', other])).code).toBe(0);
    },
    childProcessBudget(8),
  );

  it(
    'demo --fresh deletes a callstream database, and nothing else',
    async () => {
      const notes = join(tmp.dir, 'precious.txt');
      writeFileSync(notes, 'do not delete');
      const refused = await cli(['demo', '--calls', '1', '--fresh', '--db', notes]);
      expect(refused.code).toBe(2);
      expect(readFileSync(notes, 'utf8')).toBe('do not delete');
    },
    childProcessBudget(1),
  );

  it(
    'requires a zone on every instant option, as commands do',
    async () => {
      for (const args of [
        ['board', '--as-of', '2026-11-20T12:00'],
        ['board', '--as-of', 'Nov 20 2026'],
        ['log', 'C-000001', '--as-of', '2026-11-20'],
        ['sla', 'stats', '--as-of', '2026-11-20T12:00'],
        ['plan', 'run', '--until', '2026-11-20T12:00'],
        ['board', '--as-of', '+099999-01-01T00:00:00Z'],
      ]) {
        const run = await cli([...args, '--db', db]);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr).toMatch(
          new RegExp(`${args[args.length - 2]} must be an ISO-8601 instant with a zone`),
        );
      }
      const zoned = await cli([
        'board',
        '--as-of',
        '2026-11-20T13:00:00+01:00',
        '--db',
        db,
        '--json',
      ]);
      expect(zoned.code, zoned.stderr).toBe(0);
    },
    childProcessBudget(7),
  );

  it(
    'names a physically damaged file and says to restore it, exit 2, for verify and read commands alike',
    async () => {
      const whole = join(tmp.dir, 'whole.db');
      expect((await cli(['demo', '--calls', '30', '--db', whole])).code).toBe(0);
      // Cut off half way, as a failed copy or a full disk leaves it: the header still says SQLite.
      const damaged = join(tmp.dir, 'damaged.db');
      const bytes = readFileSync(whole);
      writeFileSync(damaged, bytes.subarray(0, bytes.length / 2));
      for (const args of [['verify'], ['board'], ['show', 'C-000001'], ['log', 'C-000001']]) {
        const run = await cli([...args, '--db', damaged]);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr).toMatch(
          /^callstream: .*damaged\.db is damaged .*restore it from a backup/,
        );
        noRawText(run);
      }
      expect(readFileSync(damaged).equals(bytes.subarray(0, bytes.length / 2))).toBe(true);
    },
    childProcessBudget(5, { demoCalls: 30 }),
  );

  it.skipIf(!boundByModes)(
    'names the file it may not read or the folder it may not create, not the database, exit 2 (skipped as root without setpriv)',
    async () => {
      // A database this user may write, beside a file (mode 000) and a folder (0555) it may not use.
      const folder = join(tmp.dir, 'other-files');
      mkdirSync(folder);
      chmodSync(tmp.dir, 0o755);
      chmodSync(folder, 0o777);
      const database = join(folder, 'ok.db');
      copyFileSync(db, database);
      chmodSync(database, 0o666);
      const unreadable = join(folder, 'secret.txt');
      writeFileSync(unreadable, 'not yours');
      chmodSync(unreadable, 0o000);
      const closed = join(folder, 'closed');
      mkdirSync(closed);
      chmodSync(closed, 0o555);

      const attached = await boundByModes!(['attach', 'C-000001', unreadable, '--db', database]);
      expect(attached.code, attached.stderr).toBe(2);
      expect(attached.stderr).toMatch(
        /^callstream: Cannot open .*secret\.txt: permission denied\n/,
      );
      expect(attached.stderr).not.toMatch(/ok\.db/);

      const delivered = await boundByModes!([
        'notify',
        'deliver',
        '--to-dir',
        join(closed, 'sub'),
        '--db',
        database,
      ]);
      expect(delivered.code, delivered.stderr).toBe(2);
      expect(delivered.stderr).toMatch(
        /^callstream: Cannot create .*closed\/sub: permission denied\n/,
      );
      expect(delivered.stderr).not.toMatch(/ok\.db/);
    },
    childProcessBudget(2),
  );

  it(
    'with EventStoreDB unreachable: one clear line and exit code 1, no stack trace, no --db file created',
    async () => {
      const file = join(tmp.dir, 'read-models.db');
      for (const args of [['board'], ['exec']]) {
        const run = await cli([...args, '--store', 'eventstoredb', '--db', file], {
          env: { EVENTSTORE_CONNECTION_STRING: 'esdb://admin:secret@127.0.0.1:1?tls=false' },
        });
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toMatch(
          /^callstream: Cannot reach EventStoreDB at 127\.0\.0\.1:1: .+\n$/,
        );
        expect(run.stderr).not.toMatch(/secret/);
        expect(existsSync(file)).toBe(false);
      }
    },
    childProcessBudget(2),
  );
});
