import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';
import type { StoredRow } from '../support/tamper.js';
import { Revealer } from '../../src/privacy/event-privacy.js';
import { SqliteKeyStore } from '../../src/privacy/sqlite-key-store.js';
import type { JsonValue } from '../../src/store/port.js';

/**
 * The demo is deterministic and resumable: a run killed at any moment (SIGKILL, by a real
 * child process) and run again on the same file ends with exactly the history of an
 * uninterrupted run — the same events in the same order, with the same ids, data and
 * metadata (command ids, actors, instants). Only the wall-clock time an event was recorded
 * differs, legitimately: it says when the process wrote it, not what happened.
 */
const bin = fileURLToPath(new URL('../../bin/callstream.js', import.meta.url));
const CALLS = 40;
const SEED = 7;
const args = (db: string) => [
  'demo',
  '--calls',
  String(CALLS),
  '--seed',
  String(SEED),
  '--db',
  db,
  '--json',
];

/** The demo's summary (--json), as far as this test reads it. */
interface DemoRun extends Record<string, unknown> {
  readonly db: string;
  readonly events: number;
  readonly written: number;
  readonly seconds: number;
}

/** What is compared: everything stored but the wall-clock time of the write (and the seal, which follows from the rest). */
type StoredEvent = Pick<
  StoredRow,
  'position' | 'event_id' | 'stream' | 'revision' | 'type' | 'data' | 'metadata'
>;

/**
 * Personal values are sealed with a fresh random IV each (issue 18): two runs store different
 * ciphertext for the same value. What must be the same is what they say: each file's history
 * is compared opened with that file's own keys.
 */
function history(path: string): StoredEvent[] {
  const db = new Database(path);
  try {
    const revealer = new Revealer(new SqliteKeyStore(db), false);
    const open = (text: string): string =>
      JSON.stringify(revealer.reveal(JSON.parse(text) as JsonValue));
    const rows = db
      .prepare(
        'SELECT position, event_id, stream, revision, type, data, metadata FROM events ORDER BY position',
      )
      .all() as StoredEvent[];
    return rows.map((row) => ({ ...row, data: open(row.data), metadata: open(row.metadata) }));
  } finally {
    db.close();
  }
}

function eventCount(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or its schema not yet there
  }
}

/** Runs the demo on `path` and SIGKILLs it once the file holds at least `events` events; returns how many it held then. */
async function killAfter(path: string, events: number): Promise<number> {
  const child = spawn(process.execPath, [bin, ...args(path)], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let finished = false as boolean; // set by the callback below, which narrowing does not see
  void exited.then(() => (finished = true));
  while (!finished && eventCount(path) < events)
    await new Promise((resolve) => setTimeout(resolve, 2));
  child.kill('SIGKILL');
  await exited;
  return eventCount(path);
}

describe('the demo killed at any moment and run again', () => {
  it(
    'ends with exactly the history of an uninterrupted run, and its summary counts what the store holds',
    async () => {
      const a = temporaryDatabase();
      const b = temporaryDatabase();
      try {
        const uninterrupted = json<DemoRun>(await cli(args(a.path)));
        const expected = history(a.path);
        expect(uninterrupted.events).toBe(expected.length);
        expect(uninterrupted.written).toBe(expected.length);
        // The planned-work phase starts with the first planner request; the kills land before it, in it, and late in it.
        const planned = expected.findIndex((event) => event.stream.includes('planner-'));
        expect(planned).toBeGreaterThan(0);
        const rest = expected.length - planned;
        // And one in the billing run at the end: its summary counts the calls billed before the kill.
        const billing = expected.findIndex(
          (event) => event.type === 'NothingToInvoice' || event.type === 'InvoiceProposed',
        );
        expect(billing).toBeGreaterThan(planned);
        const targets = [
          Math.floor(planned / 3),
          planned + Math.floor(rest / 10),
          planned + Math.floor(rest / 2),
          planned + Math.floor((rest * 9) / 10),
          billing + Math.floor((expected.length - billing) / 2),
        ];
        const killedAt: number[] = [];
        for (const target of targets) killedAt.push(await killAfter(b.path, target));
        // Each kill left a partial history: the run was interrupted, not finished.
        for (const [i, held] of killedAt.entries())
          expect(held, `kill ${i} at ${targets[i]} events`).toBeLessThan(expected.length);
        expect(
          killedAt.filter((held) => held > planned).length,
          'kills after the planned work started',
        ).toBeGreaterThanOrEqual(2);

        const resumed = json<DemoRun>(await cli(args(b.path)));
        const actual = history(b.path);
        expect(resumed.events).toBe(actual.length);
        expect(resumed.written).toBe(actual.length - killedAt.at(-1)!);
        // The summary tells what the history holds, not what this run added: the same as
        // the uninterrupted run's, but for the file, the time taken and what was new.
        const told = ({ db: _db, seconds: _s, written: _w, ...rest }: DemoRun) => rest;
        expect(told(resumed)).toEqual(told(uninterrupted));
        const view = (event: StoredEvent) => ({
          ...event,
          data: JSON.parse(event.data) as unknown,
          metadata: JSON.parse(event.metadata) as unknown,
        });
        for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
          const [was, is] = [expected[i], actual[i]];
          expect(is && view(is), `event ${i + 1} of ${expected.length}`).toEqual(was && view(was));
        }
      } finally {
        a.remove();
        b.remove();
      }
    },
    childProcessBudget(7, { demoCalls: 2 * CALLS }),
  );
});
