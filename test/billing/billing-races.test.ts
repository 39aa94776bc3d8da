import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import { billingCompany, resolvedOnSiteCall } from '../support/company.js';
import { HeldStore } from '../support/held-store.js';
import { staff } from '../support/pipeline.js';

/** A resolved call with 180 on-site minutes (60 beyond the contract's hours) and its proposal. */
async function proposed(store: HeldStore) {
  const company = await billingCompany({ store });
  const { call, step } = await resolvedOnSiteCall(company.callstream);
  const billing = (type: string) =>
    company.callstream.executeJson({
      type,
      commandId: uuid(),
      actor: staff.bill,
      call: call.number,
      at: '2026-11-25T10:00:00Z',
    }) as Promise<AggregateResult>;
  await billing('BillCall');
  return { company, call, step, billing };
}

/**
 * Issuing an invoice and booking on its call, at once: exactly one wins. Either the issue
 * sees the booking and finds its proposal outdated, or the booking sees the invoice issued
 * and is refused: no issued invoice misses work, none bills work cancelled meanwhile.
 */
describe('billing racing a booking on the same call', () => {
  it('an issue overtaken by a booking finds its proposal outdated, and the next run bills both', async () => {
    const store = new HeldStore();
    const { company, call, step, billing } = await proposed(store);
    store.holdFirst((parts) => parts.some((part) => part.streamName === 'invoice-numbers'));
    const issuing = billing('IssueInvoice').catch((e: unknown) => e);
    await store.reached;
    await step('BookTime', '2026-11-25T09:30:00Z', { labourType: 'on-site', minutes: 60 });
    store.open();
    expect(await issuing).toMatchObject({ code: 'ProposalOutdated', details: { added: ['B2'] } });
    expect((await company.callstream.invoice(call.number))!.status).toBe('proposed');
    expect(await company.callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
      billed: 1,
      issued: 1,
    });
    const invoice = (await company.callstream.invoice(call.number))!;
    expect(invoice.lines.map((line) => line.source)).toEqual(['B1', 'B2']);
    expect(invoice.totals.chargeable).toBe(19000); // 240 minutes, 120 included
  });

  it('a booking overtaken by the issue is refused AlreadyInvoiced', async () => {
    const store = new HeldStore();
    const { company, call, step, billing } = await proposed(store);
    // The booking's append, whichever streams it writes or guards.
    const ofTheCall = new Set([`call-${call.callId}`, `invoice-${call.callId}`]);
    store.holdFirst((parts) => parts.some((part) => ofTheCall.has(part.streamName)));
    const booking = step(
      'CancelBooking',
      '2026-11-25T09:30:00Z',
      {
        bookingId: 'B1',
        reason: 'Wrong call',
      },
      staff.sam,
    ).catch((e: unknown) => e);
    await store.reached;
    await billing('IssueInvoice');
    store.open();
    expect(await booking).toMatchObject({ code: 'AlreadyInvoiced' });
    const state = await company.callstream.call(call.number);
    expect(state.bookings.B1!.cancelled).toBeUndefined();
    expect((await company.callstream.invoice(call.number))!.lines.map((l) => l.source)).toEqual([
      'B1',
    ]);
  });
});
