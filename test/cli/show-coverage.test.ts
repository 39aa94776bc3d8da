import { afterAll, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { cli } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

const ann = { id: 'ann', role: 'agent' };
/** A call of Bellini's (the example company) at Milano, logged now by phone. */
const logCall = (fields: Record<string, unknown>) =>
  JSON.stringify({
    type: 'LogCall',
    commandId: uuid(),
    actor: ann,
    intake: { mode: 'knowledgeable', channel: 'phone' },
    subject: { kind: 'customer', customerId: 'bellini', siteId: 'bellini-milano' },
    description: 'Out of order',
    ...fields,
  });

describe('callstream show: what covers the call, as the agent must see it (B4, C4)', () => {
  it('shows each booking with the engineer it is charged to and who booked it', async () => {
    // Given a call of the example company on which ann books eve's hour and a parking
    const db = `${tmp.path}-bookings`;
    expect((await cli(['init', '--example', '--db', db])).code).toBe(0);
    const book = (fields: Record<string, unknown>) =>
      JSON.stringify({ commandId: uuid(), actor: ann, call: 'C-000001', ...fields });
    const input = [
      logCall({ item: { serialNumber: 'COPIER-BEL03' }, chargeable: true }),
      book({ type: 'BookTime', labourType: 'remote', minutes: 60, engineer: 'eve' }),
      book({
        type: 'BookCost',
        category: 'expense',
        description: 'Parking',
        amount: { amount: 1200, currency: 'EUR' },
      }),
    ].join('\n');
    const run = await cli(['exec', '--db', db], { input });
    expect(run.code, run.stdout + run.stderr).toBe(0);

    // When an agent shows the call
    const shown = await cli(['show', 'C-000001', '--db', db]);

    // Then the bookings say whose work each is and who recorded it
    expect(shown.stdout).toMatch(/^ +Work date +What +Engineer +Booked by +Note +Time \/ amount$/m);
    expect(shown.stdout).toMatch(/^B1 +\S+ +remote time +eve +ann +60 min$/m);
    // (the parking is charged to the engineer the call is dispatched to, ann having booked it)
    expect(shown.stdout).toMatch(/^B2 +\S+ +expense: Parking +(?!ann)\S+ +ann +EUR 12\.00$/m);
  });

  it('names the warranty that covers a call, the share a line leaves, and the contract charged', async () => {
    // Given the example company: Bellini's laptop under warranty until next June, its copier
    // covered at 50 % for depot repair by a line of its contract
    const db = tmp.path;
    expect((await cli(['init', '--example', '--db', db])).code).toBe(0);
    const input = [
      logCall({ item: { serialNumber: 'LAPTOP-BEL02' }, service: 'depot-repair' }),
      logCall({
        item: { serialNumber: 'COPIER-BEL03' },
        service: 'depot-repair',
        chargeable: true,
      }),
    ].join('\n');
    expect((await cli(['exec', '--db', db], { input })).code).toBe(0);

    // When an agent shows each call
    const laptop = await cli(['show', 'C-000001', '--db', db]);
    const copier = await cli(['show', 'C-000002', '--db', db]);

    // Then the warranty call says the warranty covers it, not the contract
    expect(laptop.code).toBe(0);
    expect(laptop.stdout).toMatch(/^Coverage +covered — warranty until \d{4}-06-30$/m);
    expect(laptop.stdout).toMatch(/^Contract +bellini-\d{4}$/m);
    // And the partly covered call says how much the line pays
    expect(copier.stdout).toMatch(
      /^Coverage +partly-covered \(50 %\) — contract bellini-\d{4} line L\d+$/m,
    );
  });
});
