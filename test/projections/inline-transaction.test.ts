/**
 * Inline projections on one SQLite file commit in the append's own transaction: a command
 * and the read models it changes become visible together, in one commit, or not at all.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Callstream, defaultProjections } from '../../src/callstream.js';
import type { ProjectedEvent, Projection } from '../../src/projections/types.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { steppingClock } from '../support/clock.js';
import { temporaryDatabase } from '../support/files.js';
import { history, play } from '../support/histories.js';
import { command, logCallRequest } from '../support/pipeline.js';

/** A projection that refuses to fold one event type: a bug in a fold. */
function failingOn(type: string): Projection {
  return {
    name: 'failing',
    version: 1,
    collections: { seen: {} },
    eventTypes: new Set([type, 'CallLogged']),
    apply(projected: ProjectedEvent, documents) {
      if (projected.event.type === type) throw new Error(`cannot fold ${type}`);
      documents.put('seen', projected.id, { type: projected.event.type });
    },
  };
}

function open(file: string, extra: readonly Projection[] = []): Callstream {
  const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
  return new Callstream({
    customerValidation: false,
    file,
    clock: steppingClock(),
    projections: [...defaultProjections(store), ...extra],
  });
}

/** The head position and every checkpoint, read by another connection: what a reader sees committed. */
function committed(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const head = (db.prepare('SELECT max(position) AS head FROM events').get() as { head: number })
      .head;
    const checkpoints = db
      .prepare('SELECT projection, position FROM rm_checkpoints ORDER BY projection')
      .all() as Array<{ projection: string; position: string }>;
    return { head, checkpoints };
  } finally {
    db.close();
  }
}

describe('inline projections on one SQLite file', () => {
  it('commit with the events: after a command, every checkpoint is at the head, seen from another connection', async () => {
    const file = temporaryDatabase();
    const callstream = open(file.path);
    try {
      await callstream.catchUp();
      const logged = await callstream.execute(logCallRequest());
      await callstream.execute(
        command({ type: 'AssignCall', call: logged.callId, engineer: 'eve', group: 'l1' }),
      );
      const { head, checkpoints } = committed(file.path);
      expect(checkpoints.length).toBe(defaultProjections(callstream.store).length);
      for (const checkpoint of checkpoints) expect(Number(checkpoint.position)).toBe(head);
    } finally {
      await callstream.close();
      file.remove();
    }
  });

  it('read the checkpoints once inside the append, and fold its events without reading them back', async () => {
    const db = temporaryDatabase();
    const callstream = open(db.path);
    await callstream.execute(logCallRequest()); // the first catches the read models up at opening
    const statement = Database.prototype.prepare.call(new Database(':memory:'), 'SELECT 1');
    const prototype = Object.getPrototypeOf(statement) as { all: (...args: unknown[]) => unknown };
    const all = prototype.all;
    let checkpointReads = 0;
    let eventReads = 0;
    prototype.all = function (this: Database.Statement, ...args: unknown[]) {
      if (this.database.inTransaction) {
        if (this.source.includes('FROM rm_checkpoints')) checkpointReads++;
        if (this.source.includes('FROM events WHERE position >')) eventReads++;
      }
      return all.apply(this, args);
    };
    try {
      await callstream.execute(logCallRequest());
      expect(committed(db.path).checkpoints.length).toBeGreaterThan(5);
      expect(checkpointReads).toBe(1);
      expect(eventReads).toBe(0);
    } finally {
      prototype.all = all;
      await callstream.close();
      db.remove();
    }
  });

  it('answer read-your-writes after the command without reading the checkpoints again', async () => {
    const db = temporaryDatabase();
    const callstream = open(db.path);
    await callstream.execute(logCallRequest());
    const statement = Database.prototype.prepare.call(new Database(':memory:'), 'SELECT 1');
    const prototype = Object.getPrototypeOf(statement) as { all: (...args: unknown[]) => unknown };
    const all = prototype.all;
    let checkpointReads = 0;
    prototype.all = function (this: Database.Statement, ...args: unknown[]) {
      if (this.source.includes('FROM rm_checkpoints')) checkpointReads++;
      return all.apply(this, args);
    };
    try {
      const logged = await callstream.execute(logCallRequest());
      // The fold's read, inside the append; the transaction committed what it folded.
      expect(checkpointReads).toBe(1);
      expect(callstream.board().map((row) => row.callId)).toContain(logged.callId);
    } finally {
      prototype.all = all;
      await callstream.close();
      db.remove();
    }
  });

  it('roll the command back when a fold fails: no event is stored, the command fails with the fold’s error', async () => {
    const file = temporaryDatabase();
    const callstream = open(file.path, [failingOn('CallAssigned')]);
    try {
      await callstream.catchUp();
      const logged = await callstream.execute(logCallRequest());
      const before = committed(file.path);
      await expect(
        callstream.execute(
          command({ type: 'AssignCall', call: logged.callId, engineer: 'eve', group: 'l1' }),
        ),
      ).rejects.toThrow('cannot fold CallAssigned');
      expect(committed(file.path)).toEqual(before);
      expect((await callstream.call(logged.callId)).status).not.toBe('Assigned');
      // What the rolled-back fold had folded is not taken as stored: the next command reads its own writes.
      const next = await callstream.execute(logCallRequest());
      expect(callstream.board().map((row) => row.callId)).toContain(next.callId);
      const { head, checkpoints } = committed(file.path);
      for (const checkpoint of checkpoints) expect(Number(checkpoint.position)).toBe(head);
    } finally {
      await callstream.close();
      file.remove();
    }
  });

  it('leave a projection that is behind to the catch-up after the append, and still answer read-your-writes', async () => {
    const file = temporaryDatabase();
    const first = open(file.path);
    const logged = await first.execute(logCallRequest());
    await first.close();
    // A projection added later starts from zero: the next command's transaction cannot fold for it.
    const later = open(file.path, [failingOn('NeverStored')]);
    try {
      await later.execute(
        command({ type: 'AssignCall', call: logged.callId, engineer: 'eve', group: 'l1' }),
      );
      const { head, checkpoints } = committed(file.path);
      for (const checkpoint of checkpoints) expect(Number(checkpoint.position)).toBe(head);
      expect([...later.readModels.all('failing', 'seen')]).toHaveLength(1);
      expect(later.board().map((row) => row.status)).toEqual(['Assigned']);
    } finally {
      await later.close();
      file.remove();
    }
  });

  it('fold a group commit of concurrent commands whole', async () => {
    const file = temporaryDatabase();
    const callstream = open(file.path);
    try {
      await callstream.catchUp();
      await Promise.all(Array.from({ length: 25 }, () => callstream.execute(logCallRequest())));
      const { head, checkpoints } = committed(file.path);
      for (const checkpoint of checkpoints) expect(Number(checkpoint.position)).toBe(head);
      expect(callstream.board()).toHaveLength(25);
    } finally {
      await callstream.close();
      file.remove();
    }
  });

  it('keep read models equal to a rebuild from zero, for random histories', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (actions) => {
        const file = temporaryDatabase();
        const callstream = open(file.path);
        try {
          await play(callstream, actions);
          const report = await callstream.verify();
          expect(report.differences).toEqual([]);
        } finally {
          await callstream.close();
          file.remove();
        }
      }),
      { numRuns: 15 },
    );
  });
});
