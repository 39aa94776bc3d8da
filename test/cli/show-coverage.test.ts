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
