import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { temporaryDatabase } from '../support/files.js';
import { play } from '../support/histories.js';
import { command } from '../support/pipeline.js';
import { rewrite, rows, tamper, verifyFile } from '../support/tamper.js';
import { playedFile, unsealedFile } from '../support/stored-files.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const undo of cleanup) undo();
  cleanup = [];
});

/** A file as callstream wrote it before sealing (schema 1): the same events, no seal. */
async function fileBeforeSealing(): Promise<{ file: string; events: number }> {
  const source = temporaryDatabase();
  const old = temporaryDatabase();
  cleanup.push(source.remove, old.remove);
  await playedFile(source.path);
  const events = tamper(source.path, rows);
  const file = unsealedFile(old.path, events);
  keepKeys(source.path, file);
  return { file, events: events.length };
}

/** The people's keys go with their file: the personal values its events seal stay readable. */
function keepKeys(from: string, to: string): void {
  const db = new Database(to);
  try {
    db.prepare('ATTACH DATABASE ? AS source').run(from);
    const table = db
      .prepare("SELECT sql FROM source.sqlite_master WHERE type = 'table' AND name = 'person_keys'")
      .pluck()
      .get() as string;
    db.exec(table);
    db.exec('INSERT INTO person_keys SELECT * FROM source.person_keys');
    db.exec('DETACH DATABASE source');
  } finally {
    db.close();
  }
}

describe('a file written before sealing', () => {
  it('is sealed by a recorded migration, its rows untouched, and later events chain on from it', async () => {
    const { file, events } = await fileBeforeSealing();
    const before = new Database(file, { readonly: true });
    const oldRows = before
      .prepare(
        'SELECT position, event_id, stream, revision, type, data, metadata, recorded_at FROM events ORDER BY position',
      )
      .all();
    before.close();

    const sealed = await verifyFile(file);
    expect(sealed).toMatchObject({
      intact: true,
      events,
      sealedByMigrationThrough: BigInt(events),
    });
    const after = new Database(file, { readonly: true });
    expect(
      after
        .prepare(
          'SELECT position, event_id, stream, revision, type, data, metadata, recorded_at FROM events ORDER BY position',
        )
        .all(),
    ).toEqual(oldRows);
    expect(after.prepare('SELECT count(*) AS n FROM events WHERE hash IS NOT NULL').get()).toEqual({
      n: 0,
    });
    expect(after.prepare('SELECT position FROM chain_origin').get()).toEqual({ position: events });
    after.close();

    const callstream = await Callstream.open({
      file,
      customerValidation: false,
      projectionMode: 'manual',
    });
    await play(callstream, []);
    await callstream.close();
    const grown = await verifyFile(file);
    expect(grown.breaks).toEqual([]);
    expect(grown.events).toBeGreaterThan(events);
  });

  it('an edit of an event from before sealing is found by the migration seal', async () => {
    const { file, events } = await fileBeforeSealing();
    await verifyFile(file); // migrates
    tamper(file, (db) => {
      const row = rows(db)[1]!;
      rewrite(db, row.position, { data: row.data.replace('server-x', 'server-y') });
    });
    const report = await verifyFile(file);
    expect(report.intact).toBe(false);
    // Inside the block its migration sealed as one, the break is located at the block's end.
    expect(report.breaks.map((b) => [b.kind, b.position])).toContainEqual([
      'edited',
      BigInt(events),
    ]);
    expect(report.breaks.every((b) => b.position === BigInt(events))).toBe(true);
  });

  it("a call's log spans the migration: its events from before sealing, then sealed ones chaining from genesis; an unsealed event after it is refused", async () => {
    const { file } = await fileBeforeSealing();
    const callstream = await Callstream.open({
      file,
      customerValidation: false,
      projectionMode: 'manual',
    });
    const db = new Database(file, { readonly: true });
    const first = db
      .prepare(
        "SELECT substr(stream, 6) FROM events WHERE stream LIKE 'call-%' AND stream != 'call-numbers' ORDER BY position LIMIT 1",
      )
      .pluck()
      .get() as string;
    db.close();
    const before = await callstream.log(first);
    await callstream.execute(
      command({
        type: 'AssignCall',
        call: first,
        group: 'servers-l1',
        engineer: 'eve',
        reason: 'after the migration',
      }),
    );
    const after = await callstream.log(first);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((entry) => entry.reason)).toContain(
      'after the migration',
    );
    await callstream.close();

    // The sealed event's seal removed: no longer an event from before sealing, so the log refuses it.
    tamper(file, (db) => {
      const last = rows(db)
        .filter((row) => row.stream === `call-${first}`)
        .at(-1)!;
      rewrite(db, last.position, { hash: null });
    });
    const reopened = await Callstream.open({
      file,
      customerValidation: false,
      projectionMode: 'manual',
    });
    await expect(reopened.log(first)).rejects.toMatchObject({
      code: 'CorruptedHistory',
      message: expect.stringContaining('carries no seal'),
    });
    await reopened.close();
  });
});
