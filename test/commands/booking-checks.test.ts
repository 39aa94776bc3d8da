import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { onCall, resolvedOnSiteCall, serviceCompany } from '../support/company.js';
import { staff } from '../support/pipeline.js';

/** Bookings billing would charge as typed: a group nobody has, more than a day of one person's time. */
describe('bookings are plausible before billing prices them (C4)', () => {
  it('refuses a booking for a group the organisation does not have, and takes one it has', async () => {
    const company = await serviceCompany();
    await company.run('DefineGroup', { groupId: 'servers-l1', name: 'Servers L1', kind: 'work' });
    const { call } = await resolvedOnSiteCall(company.callstream);
    const step = onCall(company.callstream, call.number);
    const head = await company.callstream.store.headPosition();
    const book = (group: string) =>
      step('BookTime', '2026-11-24T12:00:00Z', { labourType: 'remote', minutes: 15, group });
    await expect(book('no-such-group')).rejects.toMatchObject({
      code: 'GroupNotFound',
      details: { group: 'no-such-group' },
    });
    expect(await company.callstream.store.headPosition()).toBe(head);
    expect((await book('servers-l1')).events[0]!.data).toMatchObject({ group: 'servers-l1' });
  });

  it('refuses a day of more than 24 hours for one engineer on a call', async () => {
    const { callstream } = await serviceCompany();
    const { call } = await resolvedOnSiteCall(callstream); // eve: 180 minutes on the 24th
    const book = (minutes: number) =>
      callstream.executeJson({
        type: 'BookTime',
        commandId: uuid(),
        actor: staff.eve,
        at: '2026-11-24T23:00:00Z',
        call: call.number,
        labourType: 'on-site',
        minutes,
        workDate: '2026-11-24',
      });
    await expect(book(1_440 - 180 + 1)).rejects.toMatchObject({ code: 'DayOverbooked' });
    await book(1_440 - 180);
  });
});
