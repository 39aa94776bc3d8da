import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import type { CommandResult } from '../../src/commands/pipeline.js';
import { temporaryDatabase } from '../support/files.js';
import { staff } from '../support/pipeline.js';

const WRITERS = 3;
const BOOKINGS = 40;

interface WriterOutcome {
  readonly landed: number[];
  readonly refused: string[];
}

/**
 * Many writers on one call, in several processes on one SQLite file (issue 14): bookings
 * sent at once without an instant are stamped after their call is loaded, and a process
 * sends its commands on one call one after another, so none is refused as out of order
 * for a time it was never given, and no update is lost. A writer that keeps losing the
 * revision race is told so (ConcurrencyConflict), never anything else.
 */
describe('many writers on one call', () => {
  const database = temporaryDatabase();
  afterEach(() => database.remove());

  it(`lands ${WRITERS} processes × ${BOOKINGS} bookings sent at once, none refused OutOfOrder, none lost`, async () => {
    const setup = await Callstream.open({ file: database.path, customerValidation: false });
    const logged = (await setup.executeJson({
      type: 'LogCall',
      commandId: uuid(),
      actor: staff.ann,
      intake: { mode: 'knowledgeable', channel: 'phone' },
      reporter: { name: 'Carl Customer' },
      subject: { kind: 'product', productId: 'server-x', category: 'technical-question' },
      item: { item: 'server-x' },
      description: 'Down',
    })) as CommandResult;
    await setup.executeJson({
      type: 'StartWork',
      commandId: uuid(),
      actor: staff.eve,
      call: logged.number,
    });
    await setup.close();

    const writers = Array.from({ length: WRITERS }, (_, writer) =>
      spawn(
        process.execPath,
        [
          new URL('../support/book-at-once.mjs', import.meta.url).pathname,
          database.path,
          logged.number,
          String(writer),
          String(BOOKINGS),
        ],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      ),
    );
    const lines = writers.map((child) =>
      createInterface({ input: child.stdout })[Symbol.asyncIterator](),
    );
    // Every writer has its store open before any sends: then they all race.
    for (const line of lines) expect((await line.next()).value).toBe('ready');
    for (const child of writers) child.stdin.end('go\n');
    const outcomes: WriterOutcome[] = [];
    for (const line of lines) outcomes.push(JSON.parse((await line.next()).value as string));

    const landed = outcomes.flatMap((o) => o.landed);
    const refused = outcomes.flatMap((o) => o.refused);
    expect(landed.length + refused.length).toBe(WRITERS * BOOKINGS);
    expect(refused.filter((code) => code !== 'ConcurrencyConflict')).toEqual([]);
    // One command per call in flight per process: a revision race lost eight times in a row
    // is rare (120 of 120 landed in every measured run; 73–103 with commands of one process
    // racing each other).
    expect(landed.length).toBeGreaterThanOrEqual(0.9 * WRITERS * BOOKINGS);
    const check = await Callstream.open({ file: database.path });
    const call = await check.call(logged.number);
    await check.close();
    const stored = Object.values(call.bookings).map((booking) =>
      booking.kind === 'time' ? booking.minutes : -1,
    );
    expect(stored.sort((a, b) => a - b)).toEqual(landed.sort((a, b) => a - b));
  });
});
