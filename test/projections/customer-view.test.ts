import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { isCustomerVisibleField } from '../../src/projections/customer-view.js';
import { steppingClock } from '../support/clock.js';
import { history, play } from '../support/histories.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';
import { depotRepair } from '../support/scenarios.js';

const internalFields = [
  'notes.N1.text',
  'diagnosis.cause',
  'bookings.B1.minutes',
  'bookings.B2.amount.amount',
  'evaluation.summary',
  'dispatch.engineer',
  'transfers.T1.report',
  'transfers.T1.repairReport',
  'transfers.T1.agreedCost.amount',
  'transfers.T1.subcontractor',
  'possibleDuplicates',
  'badFix',
  'somethingAddedNextYear',
];

describe('the customer view of the log (F2)', () => {
  it('shows the customer the life of their depot repair, and nothing staff-only', async () => {
    const callstream = new Callstream({ customerValidation: false, clock: steppingClock() });
    const call = await depotRepair(callstream);
    const view = await callstream.log(call.number, { audience: 'customer' });
    const fields = new Set(view.map((e) => e.field));
    for (const field of [
      'status',
      'description',
      'customerReference',
      'followUps.F1.text',
      'diagnosis.symptom',
      'transfers.T1.rmaNumber',
      'transfers.T1.trackingNumber',
      'resolution.solution',
      'acceptance.note',
    ]) {
      expect(fields, field).toContain(field);
    }
    const text = JSON.stringify(view);
    expect(text).not.toContain('INTERNAL-CANARY');
    expect(text).not.toContain('Ann Agent');
    expect(text).not.toContain('"eve"');
    expect(text).not.toContain('eventId');
    expect(view.find((e) => e.eventType === 'RmaAuthorised')!.actor).toEqual({
      id: 'engineer',
      role: 'engineer',
      label: 'Service engineer',
    });
  });

  it('hides a subcontract in every event that touches it, its cancellation included', async () => {
    const callstream = new Callstream({ customerValidation: false, clock: steppingClock() });
    const call = await callstream.execute(logCallRequest());
    const n = call.number;
    await callstream.execute(
      command({ type: 'AssignCall', call: n, group: 'servers-l1', engineer: 'eve' }),
    );
    await callstream.execute(command({ type: 'StartWork', actor: staff.eve, call: n }));
    await callstream.execute(
      command({
        type: 'OrderSubcontract',
        actor: staff.eve,
        call: n,
        subcontractor: 'fixit',
        orderReference: 'PO-9',
        agreedCost: { amount: 50000, currency: 'EUR' },
      }),
    );
    await callstream.execute(
      command({
        type: 'CancelTransfer',
        actor: staff.eve,
        call: n,
        transferId: 'T1',
        reason: 'Fixed it ourselves',
      }),
    );
    const internal = await callstream.log(n);
    const cancelled = internal.filter((e) => e.eventType === 'TransferCancelled');
    expect(cancelled.map((e) => e.field)).toContain('transfers.T1.status');
    const view = await callstream.log(n, { audience: 'customer' });
    expect(
      view.filter(
        (e) => e.field.startsWith('transfers.T1.') || e.eventType === 'TransferCancelled',
      ),
    ).toEqual([]);
    expect(view.some((e) => e.eventType === 'CallLogged')).toBe(true);
  });

  it('allows only listed fields: internal and future fields are never visible', () => {
    for (const field of internalFields) expect(isCustomerVisibleField(field), field).toBe(false);
  });

  it('never leaks an internal value, whatever happened to the call (property)', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (actions) => {
        const callstream = new Callstream({
          customerValidation: false,
          clock: steppingClock(),
          projectionMode: 'manual',
        });
        const calls = await play(callstream, actions);
        await depotRepair(callstream, 'SECRET-7');
        for (const callId of [...calls, ...callstream.board().map((r) => r.callId)]) {
          const internal = await callstream.log(callId);
          const view = await callstream.log(callId, { audience: 'customer' });
          const text = JSON.stringify(view);
          expect(text).not.toContain('SECRET-7');
          for (const entry of internal) {
            if (
              /^(notes|bookings|evaluation|dispatch)\./.test(entry.field) ||
              entry.field === 'diagnosis.cause'
            ) {
              expect(view.some((e) => e.field === entry.field)).toBe(false);
            }
          }
          for (const entry of view)
            expect(entry.actor.role === 'customer' || entry.actor.name === undefined).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });
});
