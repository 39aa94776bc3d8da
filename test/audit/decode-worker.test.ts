import { afterEach, describe, expect, it } from 'vitest';
import { EventDecoding } from '../../src/audit/event-decoding.js';
import { PageDecoding, type Verdicts } from '../../src/audit/page-decoding.js';
import { verifyHistory } from '../../src/audit/verify-history.js';
import { Callstream } from '../../src/callstream.js';
import type { SealedRow } from '../../src/store/seal.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { temporaryDatabase } from '../support/files.js';
import { play } from '../support/histories.js';
import { rewrite, storedRows, tamper } from '../support/tamper.js';

// The worker runs compiled code (the test run builds dist first): a worker thread has no TypeScript loader.
// The library's (tsc's output) and the CLI bundle's, which ships its own beside the code that starts it.
const scripts = [
  ['library', new URL('../../dist/audit/decode-worker.js', import.meta.url)],
  ['CLI bundle', new URL('../../dist/cli-bundle/decode-worker.js', import.meta.url)],
] as const;
const [[, script]] = scripts;

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const undo of cleanup) undo();
  cleanup = [];
});

/** A stored history of four calls with events its schemas do not decode at positions 2, 5 and 9. */
async function damagedHistory(): Promise<string> {
  const db = temporaryDatabase();
  cleanup.push(db.remove);
  const callstream = await Callstream.open({ file: db.path, customerValidation: false });
  await play(callstream, []);
  await callstream.close();
  tamper(db.path, (file) => {
    rewrite(file, 2, { type: 'NoSuchEvent' });
    rewrite(file, 5, { data: '{"not":"this event"}' });
    rewrite(file, 9, { metadata: '{"schemaVersion":"one"' });
  });
  return db.path;
}

describe.each(scripts)('decoding on a worker thread (%s)', (_, script) => {
  it('judges every page as decoding on the main thread does, in page order', async () => {
    // Each event twice: metadata repeated by the next event is sent once, as for the events of one command.
    const rows = (await storedRows(await damagedHistory())).flatMap((row) => [row, { ...row }]);
    const here = new EventDecoding();
    const expected = rows.flatMap((row, index) => {
      const why = here.undecodable(row.type, row.data, row.metadata);
      return why === undefined ? [] : [[index, why] as const];
    });
    expect(expected.map(([index]) => rows[index]!.position)).toEqual([2n, 2n, 5n, 5n, 9n, 9n]);

    const decoding = new PageDecoding(1n, { script, minEvents: 0, whenBusy: true });
    try {
      expect(await decoding.onWorker).toBe(true);
      // Pages of three, all submitted before any verdict is awaited: the worker answers in order.
      const pages: SealedRow[][] = [];
      for (let at = 0; at < rows.length; at += 3) pages.push(rows.slice(at, at + 3));
      const verdicts = await Promise.all(pages.map((page) => decoding.submit(page)));
      const found = verdicts.flatMap((page: Verdicts, p) =>
        [...page.undecodable].map(([index, why]) => [p * 3 + index, why] as const),
      );
      expect(found).toEqual(expected);
    } finally {
      await decoding.close();
    }
  });
});

describe.each(scripts)('a worker thread that reads its pages from the file (%s)', (_, script) => {
  it('judges the rows it reads as decoding here does', async () => {
    const file = await damagedHistory();
    const rows = await storedRows(file);
    const decoding = new PageDecoding(1n, { script, minEvents: 0, whenBusy: true, file });
    try {
      expect(await decoding.onWorker).toBe(true);
      const pages: SealedRow[][] = [];
      for (let at = 0; at < rows.length; at += 4) pages.push(rows.slice(at, at + 4));
      const verdicts = await Promise.all(pages.map((page) => decoding.submit(page)));
      const undecodable = verdicts.flatMap((page, p) =>
        [...page.undecodable.keys()].map((index) => pages[p]![index]!.position),
      );
      expect(undecodable).toEqual([2n, 5n, 9n]);
    } finally {
      await decoding.close();
    }
  });

  it('judges here a page that is not what the file holds, on what this thread read', async () => {
    const file = await damagedHistory();
    const rows = await storedRows(file);
    // This thread read position 3 undecodable; the file holds it intact (the worker would say 2 and 5).
    const page = rows
      .slice(0, 6)
      .map((row) => (row.position === 3n ? { ...row, data: '{"nothing":"decodes"}' } : row));
    const decoding = new PageDecoding(1n, { script, minEvents: 0, whenBusy: true, file });
    try {
      expect(await decoding.onWorker).toBe(true);
      const verdicts = await decoding.submit(page);
      expect([...verdicts.undecodable.keys()].map((index) => page[index]!.position)).toEqual([
        2n,
        3n,
        5n,
      ]);
    } finally {
      await decoding.close();
    }
  });
});

describe('decoding on a worker thread, for verify', () => {
  it('gives verify the same report as decoding here, on a store too small to need it', async () => {
    const file = await damagedHistory();
    const verify = async (minEvents: number) => {
      const store = new SqliteEventStore(file);
      try {
        return await verifyHistory(store, {
          pageSize: 2,
          // Every page to the worker once it is up (else a store this small is walked before it starts).
          decodeWorker: { script, minEvents, whenBusy: true, awaitStart: true },
        });
      } finally {
        await store.close();
      }
    };
    const { decodedOnWorker, ...onWorker } = await verify(0);
    expect(decodedOnWorker).toBe(true);
    expect(onWorker.breaks.filter((b) => b.kind === 'undecodable').map((b) => b.position)).toEqual([
      2n,
      5n,
      9n,
    ]);
    expect(onWorker).toEqual(await verify(Number.MAX_SAFE_INTEGER));
  });

  it('is not started without its compiled script (as when running from the sources)', async () => {
    const decoding = new PageDecoding(1_000_000n, {
      script: new URL('./no-such-worker.js', import.meta.url),
      minEvents: 0,
      whenBusy: true,
    });
    expect(await decoding.onWorker).toBe(false);
    await decoding.close();
  });
});
