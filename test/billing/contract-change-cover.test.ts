import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';
import { billingCompany, goldContract, resolvedOnSiteCall } from '../support/company.js';

/**
 * C4 and B4: moving a call to another contract re-judges the work booked on it under that
 * contract. Work taken on as covered that the new contract does not cover becomes the
 * customer's to pay: as a booking would be, that is confirmed (`chargeable: true`), never done
 * silently by the move.
 */
describe('changing a call’s contract confirms the work it makes chargeable (C4, B4)', () => {
  it('refuses a move that leaves booked work uncovered, and records the confirmation on the bookings when given', async () => {
    const db = temporaryDatabase();
    try {
      // Given acme's call on SRV-1, taken on as covered (on-site repair, acme-2026), with
      // 180 on-site minutes booked and resolved; and acme's project contract, which covers
      // nothing on SRV-1.
      const company = await billingCompany({ file: db.path });
      await company.run('RegisterContract', {
        contractId: 'acme-projects',
        customerId: 'acme',
        from: '2026-01-01',
        until: '2026-12-31',
      });
      const { call, step } = await resolvedOnSiteCall(company.callstream);
      const moved = { contractId: 'acme-projects', reason: 'Project budget' };

      // When the call is moved there without confirming the work as chargeable
      // Then it is refused, naming the booking, and the call stays on acme-2026
      await expect(
        step('ChangeContract', '2026-11-25T08:00:00Z', moved, staff.ann),
      ).rejects.toMatchObject({
        code: 'ChargeableWorkNotConfirmed',
        message: expect.stringMatching(/acme-projects.*B1/),
        details: { contractId: 'acme-projects', bookings: ['B1'] },
      });
      expect((await company.callstream.call(call.number)).contractId).toBe('acme-2026');

      // When it is moved with chargeable: true
      const result = await step(
        'ChangeContract',
        '2026-11-25T08:05:00Z',
        { ...moved, chargeable: true },
        staff.ann,
      );

      // Then the change records the bookings it made chargeable, the log shows them as
      // confirmed, and billing charges the work in full
      expect(result.events.map((e) => e.data)).toEqual([
        expect.objectContaining({
          contractId: 'acme-projects',
          chargeableBookings: [{ bookingId: 'B1', chargeable: true }],
        }),
      ]);
      expect(result.state.bookings.B1).toMatchObject({ chargeable: true });
      const log = await company.callstream.log(call.number);
      expect(log).toContainEqual(
        expect.objectContaining({
          eventType: 'ContractChanged',
          field: 'bookings.B1.chargeable',
          old: null,
          new: true,
        }),
      );
      await company.callstream.executeJson({
        type: 'BillCall',
        commandId: uuid(),
        actor: staff.bill,
        call: call.number,
        at: '2026-11-27T09:00:00Z',
      });
      expect(await company.callstream.invoice(call.number)).toMatchObject({
        contractId: 'acme-projects',
        totals: { total: 28500, contract: 0, chargeable: 28500 },
      });
      await company.callstream.close();
    } finally {
      db.remove();
    }
  });

  it('asks nothing when the new contract covers the booked work', async () => {
    // Given the same call, and acme-gold covering on-site repair of SRV-1 in full
    const company = await billingCompany();
    await goldContract(company);
    const { call, step } = await resolvedOnSiteCall(company.callstream);
    // When it is moved there, Then the change is recorded and confirms nothing
    const result = await step(
      'ChangeContract',
      '2026-11-25T08:00:00Z',
      { contractId: 'acme-gold', reason: 'Gold contract' },
      staff.ann,
    );
    expect(result.events[0]!.data).not.toHaveProperty('chargeableBookings');
    expect(result.state.bookings.B1).not.toHaveProperty('chargeable');
    expect((await company.callstream.call(call.number)).contractId).toBe('acme-gold');
    await company.callstream.close();
  });
});
