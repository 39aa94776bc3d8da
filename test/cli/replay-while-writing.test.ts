import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const bin = fileURLToPath(new URL('../../bin/callstream.js', import.meta.url));
const file = temporaryDatabase();
afterAll(() => file.remove());

interface Replay {
  identical: boolean;
  differing: number;
  events: number;
  differences: Array<{ projection: string; collection: string; key: string }>;
}

/** Events stored so far (0 before the writer has created the file). */
function storedEvents(): number {
  try {
    const db = new Database(file.path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

const WRITER_CALLS = 400;
const REPLAYS = 3;

describe('replay while another process writes calls', () => {
  it(
    'compares the rebuild with the live read models at the same position: no false difference; an edited read-model row is still reported',
    async () => {
      // The writer: a demo organisation logging and working calls, projecting them inline into the same file.
      const writer = spawn(
        process.execPath,
        [bin, 'demo', '--calls', String(WRITER_CALLS), '--db', file.path, '--json'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let writerErr = '';
      writer.stderr.on('data', (chunk: Buffer) => (writerErr += chunk.toString()));
      const writerDone = new Promise<number>((resolve) =>
        writer.on('close', (code) => resolve(code ?? -1)),
      );
      const writing = () => writer.exitCode === null && writer.signalCode === null;

      // Replays start once there is history to rebuild (and the writer is well into its run).
      while (writing() && storedEvents() < 1500) await sleep(100);
      const overlapping: Replay[] = [];
      const failures: string[] = [];
      while (writing() && overlapping.length < REPLAYS) {
        const run = await cli(['replay', '--db', file.path, '--json']);
        if (run.code !== 0)
          failures.push(
            `exit ${run.code}: ${run.stdout.slice(0, 2000)} ${run.stderr.slice(0, 2000)}`,
          );
        // Only a replay that ended while the writer still ran was raced by it.
        else if (writing()) overlapping.push(json<Replay>(run));
      }
      expect(failures).toEqual([]);
      expect(await writerDone, writerErr).toBe(0);
      // The writer was sized to outlast the replays: each of them ran against a moving store.
      expect(overlapping.length).toBe(REPLAYS);
      for (const report of overlapping)
        expect(report).toMatchObject({ identical: true, differing: 0 });

      // A real difference: one live read-model document edited behind the projections' back.
      const db = new Database(file.path);
      const edited = db
        .prepare(
          "SELECT projection, collection, key FROM rm_documents WHERE collection = 'calls' ORDER BY key LIMIT 1",
        )
        .get() as { projection: string; collection: string; key: string };
      db.prepare(
        "UPDATE rm_documents SET doc = json_set(doc, '$.edited', 1) WHERE projection = ? AND collection = ? AND key = ?",
      ).run(edited.projection, edited.collection, edited.key);
      db.close();
      const run = await cli(['replay', '--db', file.path, '--json']);
      expect(run.code).toBe(1);
      const report = json<Replay>(run);
      expect(report.differing).toBe(1);
      expect(report.differences[0]).toMatchObject(edited);
    },
    childProcessBudget(REPLAYS + 3, { demoCalls: WRITER_CALLS }),
  );
});
