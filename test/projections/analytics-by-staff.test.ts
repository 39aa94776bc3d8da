import { v4 as uuid } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../src/domain/index.js';
import { callAnalytics, type AnalyticsDimension } from '../../src/projections/analytics.js';
import { callsProjection } from '../../src/projections/calls.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import { ProjectionRunner } from '../../src/projections/runner.js';
import type { Period } from '../../src/projections/in-period.js';
import type { ReadModelStore } from '../../src/projections/types.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import { callStreamName, encodeEvents } from '../../src/streams/index.js';
import { events } from '../support/call-spec.js';
import { staff } from '../support/pipeline.js';

/**
 * C5, who does the work: analytics per engineer and per group, from the events the calls
 * recorded. Time and costs count for the engineer and group each booking names, whoever
 * has the call now; a solution counts for who recorded it, and for the group the call was
 * dispatched to when it was solved.
 */

const at = (instant: string) => new Date(instant);

/** A call logged at `reportedAt`, with the facts that follow it. */
function call(
  number: string,
  reportedAt: string,
  overrides: Partial<Extract<CallEvent, { type: 'CallLogged' }>['data']>,
  ...facts: CallEvent[]
): CallEvent[] {
  const logged = events.logged({
    callId: uuid(),
    number,
    at: at(reportedAt),
    reportedAt: at(reportedAt),
    ...overrides,
  });
  return [logged, ...facts];
}

const covered = (rule: 'warranty' | 'item', verdict: 'covered' | 'not-covered', when: string) =>
  ({
    type: 'CoverageDetermined',
    data: {
      at: at(when),
      coverage: {
        day: when.slice(0, 10),
        service: 'on-site-repair',
        verdict,
        ...(verdict === 'covered' ? { rule } : {}),
        contractId: 'acme-2026',
        share: verdict === 'covered' ? 100 : 0,
        chargeable: verdict !== 'covered',
      },
    },
  }) satisfies CallEvent;

const assigned = (when: string, group: string, engineer?: string): CallEvent => ({
  type: 'CallAssigned',
  data: { at: at(when), group, ...(engineer ? { engineer } : {}) },
});

/** Who booked it: the engineer and group the booking names (absent: it names none). */
interface Booker {
  engineer?: string;
  group?: string;
}

const time = (
  bookingId: string,
  when: string,
  booker: Booker,
  labourType: 'remote' | 'on-site' | 'travel',
  minutes: number,
): CallEvent => ({
  type: 'TimeBooked',
  data: {
    at: at(when),
    bookingId,
    by: 'ann',
    ...booker,
    workDate: when.slice(0, 10),
    labourType,
    minutes,
  },
});

const cost = (bookingId: string, when: string, booker: Booker, amount: number): CallEvent => ({
  type: 'CostBooked',
  data: {
    at: at(when),
    bookingId,
    by: 'ann',
    ...booker,
    workDate: when.slice(0, 10),
    category: 'freight',
    description: 'Courier',
    amount: { amount, currency: 'EUR' },
  },
});

const material = (bookingId: string, when: string, booker: Booker): CallEvent => ({
  type: 'MaterialBooked',
  data: {
    at: at(when),
    bookingId,
    by: 'ann',
    ...booker,
    workDate: when.slice(0, 10),
    item: 'psu-500',
    quantity: 1,
  },
});

const cancelled = (bookingId: string, when: string): CallEvent => ({
  type: 'BookingCancelled',
  data: { at: at(when), bookingId, by: 'sam', reason: 'Booked on the wrong call' },
});

const resolved = (when: string, by: string): CallEvent => ({
  type: 'CallResolved',
  data: { at: at(when), by, solution: 'Replaced the power supply' },
});

const eve = { engineer: 'eve', group: 'servers-l1' };
const max = { engineer: 'max', group: 'field-l2' };

/**
 * C-000001 (November, under warranty): eve and max both worked it, one of eve's bookings
 * was cancelled; eve recorded the solution.
 * C-000002 (December, not covered): dispatched to eve at the desk, time booked naming no
 * one, a part booked by eve, a subcontractor's invoice; ann (an agent) recorded the solution.
 * C-000003 (October): max's time; eve's only booking cancelled; max's solution rejected.
 */
const history = (): CallEvent[][] => [
  call(
    'C-000001',
    '2026-11-23T09:00:00Z',
    {},
    covered('warranty', 'covered', '2026-11-23T09:00:00Z'),
    assigned('2026-11-23T09:05:00Z', 'servers-l1', 'eve'),
    time('B1', '2026-11-23T11:00:00Z', eve, 'on-site', 90),
    time('B2', '2026-11-23T12:00:00Z', max, 'travel', 30),
    time('B3', '2026-11-23T13:00:00Z', max, 'on-site', 60),
    cost('B4', '2026-11-23T13:10:00Z', max, 1500),
    time('B5', '2026-11-23T14:00:00Z', eve, 'remote', 20),
    cancelled('B5', '2026-11-23T14:30:00Z'),
    resolved('2026-11-23T15:00:00Z', 'eve'),
  ),
  call(
    'C-000002',
    '2026-12-02T09:00:00Z',
    { subject: { kind: 'customer', customerId: 'globex' } },
    covered('item', 'not-covered', '2026-12-02T09:00:00Z'),
    time('B1', '2026-12-02T09:30:00Z', {}, 'remote', 45),
    assigned('2026-12-02T10:00:00Z', 'desk', 'eve'),
    material('B2', '2026-12-02T11:00:00Z', eve),
    {
      type: 'SubcontractOrdered',
      data: {
        at: at('2026-12-02T11:30:00Z'),
        transferId: 'T1',
        subcontractor: 'fixit',
        orderReference: 'PO-7',
        agreedCost: { amount: 20000, currency: 'EUR' },
      },
    },
    {
      type: 'SubcontractCompleted',
      data: {
        at: at('2026-12-03T16:00:00Z'),
        transferId: 'T1',
        actualCost: { amount: 18000, currency: 'EUR' },
      },
    },
    resolved('2026-12-03T17:00:00Z', 'ann'),
  ),
  call(
    'C-000003',
    '2026-10-30T09:00:00Z',
    { subject: { kind: 'customer', customerId: 'initech' } },
    assigned('2026-10-30T09:05:00Z', 'field-l2', 'max'),
    time('B1', '2026-10-30T10:00:00Z', max, 'remote', 15),
    time('B2', '2026-10-30T10:30:00Z', eve, 'remote', 30),
    cancelled('B2', '2026-10-30T11:00:00Z'),
    resolved('2026-10-30T12:00:00Z', 'max'),
    {
      type: 'SolutionRejected',
      data: { at: at('2026-10-31T09:00:00Z'), by: 'ann', reason: 'Still fails' },
    },
  ),
];

/** The history appended as the pipeline writes it, one event per command, projected into `readModels`. */
async function projected(calls: CallEvent[][], readModels: ReadModelStore) {
  const store = new MemoryEventStore();
  for (const recorded of calls) {
    const { callId } = recorded[0]!.data as { callId: string };
    for (const event of recorded) {
      const commandId = uuid();
      const stream = callStreamName(callId);
      const envelope = {
        actor: staff.ann,
        occurredAt: event.data.at,
        commandId,
        commandType: 'Given',
        correlationId: commandId,
        causationId: commandId,
      };
      await store.appendToStream(stream, encodeEvents([event], stream, envelope), {
        expectedRevision: 'any',
      });
    }
  }
  await new ProjectionRunner(store, readModels, [callsProjection(store)]).catchUp();
  return (by: AnalyticsDimension, range: Period = {}) => callAnalytics(readModels, by, range);
}

const row = (fields: Record<string, unknown>) => ({
  calls: 0,
  minutes: 0,
  minutesByLabour: {},
  costs: {},
  underWarranty: 0,
  warrantyShare: 0,
  notCovered: 0,
  resolved: 0,
  ...fields,
});

const readModelStores: Array<[string, () => ReadModelStore]> = [
  ['memory', () => new MemoryReadModelStore()],
  ['sqlite', () => new SqliteReadModelStore(':memory:')],
];

describe.each(readModelStores)('analytics per engineer and group (%s read models)', (_, open) => {
  // eve books in servers-l1 and max in field-l2 throughout: their groups' rows are their own.
  const eveWork = row({
    calls: 2, // C-000001 and the part on C-000002; her cancelled bookings count nowhere (not C-000003)
    minutes: 90,
    minutesByLabour: { 'on-site': 90 },
    underWarranty: 1,
    warrantyShare: 0.5,
    notCovered: 1,
    resolved: 1,
  });
  const maxWork = row({
    calls: 2,
    minutes: 105,
    minutesByLabour: { travel: 30, 'on-site': 60, remote: 15 },
    costs: { EUR: 1500 },
    underWarranty: 1,
    warrantyShare: 0.5,
  });
  // Time booked naming no one, and the subcontractor's invoice nobody booked.
  const unnamedWork = row({
    calls: 1,
    minutes: 45,
    minutesByLabour: { remote: 45 },
    costs: { EUR: 18000 },
    notCovered: 1,
  });

  it('counts each booking for the engineer it names: a call two engineers worked counts for both, with their own time and costs', async () => {
    const analytics = await projected(history(), open());
    expect(analytics('engineer')).toEqual({
      eve: eveWork,
      max: maxWork,
      '(none)': unnamedWork,
      // ann booked nothing: she recorded C-000002's solution, though eve had the call.
      ann: row({ resolved: 1 }),
    });
  });

  it('counts each booking for the group it names, and a solution for the group the call had when it was solved', async () => {
    const analytics = await projected(history(), open());
    expect(analytics('group')).toEqual({
      'servers-l1': eveWork,
      'field-l2': maxWork,
      '(none)': unnamedWork,
      desk: row({ resolved: 1 }), // C-000002 was eve's at the desk when ann solved it
    });
  });

  it('adds up to the same time and costs as the calls: nothing counted twice, nothing lost', async () => {
    const analytics = await projected(history(), open());
    const totals = (rows: ReturnType<typeof analytics>) =>
      Object.values(rows).reduce(
        (sum, r) => ({ minutes: sum.minutes + r.minutes, eur: sum.eur + (r.costs.EUR ?? 0) }),
        { minutes: 0, eur: 0 },
      );
    const byPurpose = totals(analytics('purpose'));
    expect(byPurpose).toEqual({ minutes: 240, eur: 19500 });
    expect(totals(analytics('engineer'))).toEqual(byPurpose);
    expect(totals(analytics('group'))).toEqual(byPurpose);
    // Per call, a solution rejected since is none.
    expect(analytics('customer')).toMatchObject({
      acme: {
        calls: 1,
        minutes: 180,
        minutesByLabour: { 'on-site': 150, travel: 30 },
        resolved: 1,
      },
      globex: { calls: 1, resolved: 1 },
      initech: { calls: 1, minutes: 15, resolved: 0 },
    });
  });

  it('selects the calls by when they were reported (--from, --to), with all the work booked on them', async () => {
    const analytics = await projected(history(), open());
    const november = { from: at('2026-11-01T00:00:00Z'), to: at('2026-12-01T00:00:00Z') };
    expect(analytics('engineer', november)).toEqual({
      eve: row({
        calls: 1,
        minutes: 90,
        minutesByLabour: { 'on-site': 90 },
        underWarranty: 1,
        warrantyShare: 1,
        resolved: 1,
      }),
      max: row({
        calls: 1,
        minutes: 90,
        minutesByLabour: { travel: 30, 'on-site': 60 },
        costs: { EUR: 1500 },
        underWarranty: 1,
        warrantyShare: 1,
      }),
    });
    expect(Object.keys(analytics('group', { from: at('2026-12-01T00:00:00Z') })).sort()).toEqual([
      '(none)',
      'desk',
      'servers-l1',
    ]);
    expect(analytics('engineer', { to: at('2026-11-01T00:00:00Z') })).toEqual({
      max: row({
        calls: 1,
        minutes: 15,
        minutesByLabour: { remote: 15 },
      }),
    });
  });
});

describe('a solution recorded at second line', () => {
  it('counts for the group the call returns to: second line is a support centre, not a group', async () => {
    const history = call(
      'C-000004',
      '2026-11-24T09:00:00Z',
      {},
      assigned('2026-11-24T09:05:00Z', 'servers-l1', 'eve'),
      {
        type: 'TransferredToSecondLine',
        data: {
          at: at('2026-11-24T10:00:00Z'),
          transferId: 'T1',
          supportCentre: 'lab',
          reason: 'Firmware fault',
        },
      },
      time('B1', '2026-11-24T11:00:00Z', { engineer: 'ivan' }, 'remote', 40),
      // ResolveCall at second line: the transfer returns with the solution, then the call is solved.
      {
        type: 'SecondLineReturned',
        data: { at: at('2026-11-24T12:00:00Z'), transferId: 'T1', outcome: 'Solved: firmware' },
      },
      resolved('2026-11-24T12:00:00Z', 'ivan'),
    );
    const analytics = await projected([history], new MemoryReadModelStore());
    expect(analytics('group')).toEqual({
      '(none)': row({ calls: 1, minutes: 40, minutesByLabour: { remote: 40 } }),
      'servers-l1': row({ resolved: 1 }),
    });
    expect(analytics('engineer')).toEqual({
      ivan: row({ calls: 1, minutes: 40, minutesByLabour: { remote: 40 }, resolved: 1 }),
    });
  });
});
