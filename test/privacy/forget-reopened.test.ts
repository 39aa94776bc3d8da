import { v4 as uuid } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Callstream } from '../../src/callstream.js';
import { loggedServerCall, onCall, serviceCompany } from '../support/company.js';
import { staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';

const officer = { id: 'dpo', role: 'privacy-officer' } as const;
const zeb = { name: 'Zebulon Quixote', email: 'zq@acme.example', phone: '+33 9 99 99 99 99' };

/** A8 copies the original's reporter onto the reopened call: one person, under two subject ids. */
describe('forgetting the requester of a call that was reopened', () => {
  let file: ReturnType<typeof temporaryDatabase>;
  let callstream: Callstream;
  let original: string;
  let successor: string;

  beforeEach(async () => {
    file = temporaryDatabase();
    ({ callstream } = await serviceCompany({ file: file.path }));
    const logged = await loggedServerCall(callstream, { reporter: zeb });
    original = logged.number;
    const step = onCall(callstream, original);
    await step('StartWork', '2026-11-23T09:05:00Z');
    await step('ResolveCall', '2026-11-23T09:09:00Z', { solution: 'Rebooted' });
    await step('CloseCall', '2026-11-23T09:12:00Z', {}, staff.ann);
    const reopened = await step(
      'ReopenCall',
      '2026-11-23T09:13:00Z',
      { reason: 'Again' },
      staff.carl,
    );
    successor = reopened.successor!.number;
  });
  afterEach(async () => {
    await callstream.close();
    file.remove();
  });

  const forget = (person: string) =>
    callstream.forgetPerson({ commandId: uuid(), actor: officer, person, reason: 'DSR-7' });
  /** What staff see of a call: its transaction log and its state. */
  const seen = async (number: string): Promise<string> =>
    JSON.stringify([await callstream.log(number), await callstream.call(number)]);

  it('the successor reads erased too, and the export of the original lists it', async () => {
    expect(await seen(successor)).toContain(zeb.email);
    // Art. 15: the access export names both calls' records.
    const exported = await callstream.exportPerson(`requester:${original}`);
    expect(
      exported.map((each) =>
        each.records.some((record) => record.values['data.reporter.email'] === zeb.email),
      ),
    ).toEqual([true, true]);

    await forget(`requester:${original}`);

    for (const number of [original, successor])
      for (const value of Object.values(zeb)) expect(await seen(number)).not.toContain(value);
  });

  it("forgetting the successor's requester forgets the original's", async () => {
    await forget(`requester:${successor}`);
    for (const value of Object.values(zeb)) expect(await seen(original)).not.toContain(value);
  });
});
