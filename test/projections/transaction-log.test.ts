import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { callStreamName } from '../../src/streams/index.js';
import {
  decodeStored,
  evolveCall,
  type CallEvent,
  type CallState,
} from '../../src/domain/index.js';
import { diffState } from '../../src/projections/diff.js';
import { transactionLog } from '../../src/projections/transaction-log.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import { collect } from '../store/contract.js';
import { steppingClock } from '../support/clock.js';
import { history, play } from '../support/histories.js';
import { command, staff } from '../support/pipeline.js';
import { depotRepair } from '../support/scenarios.js';

describe('the transaction log (F1)', () => {
  it('records when, which field, who, old and new value for every change of a depot repair', async () => {
    const callstream = new Callstream({ customerValidation: false, clock: steppingClock() });
    const call = await depotRepair(callstream);
    const log = await callstream.log(call.number);
    const entry = (field: string, eventType: string) =>
      log.find((e) => e.field === field && e.eventType === eventType);
    expect(entry('status', 'CallLogged')).toMatchObject({
      old: null,
      new: 'Registered',
      actor: { id: 'ann', role: 'agent' },
      at: '2026-11-23T09:01:00.000Z',
    });
    expect(entry('status', 'RmaAuthorised')).toMatchObject({
      old: 'InProcess',
      new: 'Transferred',
      actor: { id: 'eve', role: 'engineer' },
    });
    expect(entry('transfers.T1.rmaNumber', 'RmaAuthorised')).toMatchObject({
      old: null,
      new: `RMA-${call.number}-T1`,
    });
    expect(entry('transfers.T1.status', 'RmaItemReceived')).toMatchObject({
      old: 'authorised',
      new: 'received',
    });
    expect(entry('transfers.T1.status', 'RmaItemShipped')).toMatchObject({
      old: 'repaired',
      new: 'shipped',
    });
    expect(entry('status', 'RmaItemShipped')).toMatchObject({
      old: 'Transferred',
      new: 'InProcess',
    });
    expect(entry('followUps.F1.text', 'FollowUpAdded')).toMatchObject({
      old: null,
      new: 'It beeps three times at start',
      actor: { role: 'customer' },
    });
    expect(entry('bookings.B2.amount.amount', 'CostBooked')).toMatchObject({ new: 3900 });
    expect(entry('status', 'CallClosed')).toMatchObject({ old: 'Accepted', new: 'Closed' });
    for (const e of log) expect(e.eventId).toMatch(/^[0-9a-f-]{36}$/);
    // An instant is marked as one by its field, so a reader shows it as a time and a text as typed.
    expect(entry('loggedAt', 'CallLogged')).toMatchObject({
      new: '2026-11-23T09:01:00.000Z',
      instant: true,
    });
    const marked = new Set(log.filter((e) => e.instant).map((e) => e.field.split('.').at(-1)));
    expect([...marked].every((field) => /^at$|At$|Start$|End$/.test(field!))).toBe(true);
    expect(entry('followUps.F1.text', 'FollowUpAdded')).not.toHaveProperty('instant');
  });

  it('gives fields inside collections stable paths: a second RMA is T2, a second note F2', async () => {
    const callstream = new Callstream({ customerValidation: false, clock: steppingClock() });
    const call = await depotRepair(callstream);
    const reopened = await callstream.execute(
      command({ type: 'ReopenCall', actor: staff.carl, call: call.number, reason: 'Dead again' }),
    );
    const n = reopened.successor!.number;
    await callstream.execute(
      command({ type: 'AuthoriseRma', actor: staff.eve, call: n, depot: 'depot-lyon' }),
    );
    await callstream.execute(
      command({
        type: 'CancelTransfer',
        actor: staff.eve,
        call: n,
        transferId: 'T1',
        reason: 'Wrong unit',
      }),
    );
    await callstream.execute(
      command({
        type: 'AuthoriseRma',
        actor: staff.eve,
        call: n,
        depot: 'depot-lyon',
        serialNumber: 'SRV-9',
      }),
    );
    const log = await callstream.log(n);
    expect(log.filter((e) => e.field === 'transfers.T2.serialNumber')).toMatchObject([
      { old: null, new: 'SRV-9' },
    ]);
    expect(log.filter((e) => e.field === 'transfers.T1.status').map((e) => e.new)).toEqual([
      'authorised',
      'cancelled',
    ]);
    expect(
      (await callstream.log(call.number)).filter(
        (e) => e.field === `reopenedAs.${reopened.successor!.callId}.number`,
      ),
    ).toMatchObject([{ new: n }]);
  });

  it('shows the log as it stood at a past instant, and the call as it stood then', async () => {
    const callstream = new Callstream({ customerValidation: false, clock: steppingClock() });
    const call = await depotRepair(callstream);
    const asOf = new Date('2026-11-23T09:08:30.000Z'); // after the RMA was authorised, before the item arrived
    const log = await callstream.log(call.number, { asOf });
    expect(log.every((e) => e.at <= asOf.toISOString())).toBe(true);
    expect(log.at(-1)).toMatchObject({ eventType: 'RmaAuthorised' });
    const then = await callstream.call(call.number, asOf);
    expect(then.status).toBe('Transferred');
    expect(then.transfers.T1).toMatchObject({ kind: 'depot-repair', status: 'authorised' });
    await expect(
      callstream.call(call.number, new Date('2026-11-22T00:00:00Z')),
    ).rejects.toMatchObject({ code: 'CallNotFound' });
  });

  it('never lets an event go without an entry, nor change a field without one: entries replay to the final state (property)', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (actions) => {
        const callstream = new Callstream({
          customerValidation: false,
          clock: steppingClock(),
          projectionMode: 'manual',
        });
        const calls = await play(callstream, actions);
        for (const callId of calls) {
          const stored = await collect(callstream.store.readStream(callStreamName(callId)));
          const log = await callstream.log(callId);
          // Revived as the projections revive events, or decoded strictly as audits do: the same log.
          expect(await transactionLog(callstream.store, callId, { strict: true })).toEqual(log);
          let state: CallState = null;
          for (const recorded of stored) {
            const next = evolveCall(state, decodeStored(recorded).event as CallEvent);
            const mine = log.filter((e) => e.eventId === recorded.id);
            // Every event has entries; one that changed nothing shows what it names, old = new.
            expect(mine.length).toBeGreaterThan(0);
            if (JSON.stringify(state) === JSON.stringify(next))
              for (const e of mine) expect(e.new).toEqual(e.old);
            state = next;
          }
          // Applying every entry's new value to an empty record gives the final state's leaves.
          const leaves = new Map<string, unknown>();
          for (const e of log) leaves.set(e.field, e.new);
          for (const [field, value] of leaves) if (value === null) leaves.delete(field);
          const expected = new Map(diffState(null, state).map((c) => [c.field, c.new]));
          expect(leaves).toEqual(expected);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('decodes strictly on request, as an audit does: a stored event that no longer fits its schema is reported', async () => {
    const callstream = new Callstream({ customerValidation: false, clock: steppingClock() });
    const call = await depotRepair(callstream);
    const stored = await collect(callstream.store.readStream(callStreamName(call.callId)));
    const tampered = new MemoryEventStore();
    const events = stored.map((e) => ({
      id: e.id,
      type: e.type,
      metadata: e.metadata,
      data:
        e.type === 'CallLogged' ? { ...(e.data as object), intake: 'by carrier pigeon' } : e.data,
    }));
    await tampered.appendToStream(callStreamName(call.callId), events, {
      expectedRevision: 'no_stream',
    });
    await expect(transactionLog(tampered, call.callId, { strict: true })).rejects.toMatchObject({
      code: 'CorruptEvent',
    });
    expect(
      (await transactionLog(callstream.store, call.callId, { strict: true })).length,
    ).toBeGreaterThan(0);
  });
});
