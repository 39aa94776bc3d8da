import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { countBoard } from '../../src/projections/board.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import type { Document, Filter, FindOptions } from '../../src/projections/types.js';
import { steppingClock } from '../support/clock.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';

async function boardWithCalls() {
  const callstream = new Callstream({
    customerValidation: false,
    clock: steppingClock('2026-11-23T09:00:00Z', 1000),
  });
  const a = await callstream.execute(
    logCallRequest({
      priority: 1,
      reportedAt: '2026-11-23T09:00:00Z',
      subject: { kind: 'customer', customerId: 'acme' },
    }),
  );
  const b = await callstream.execute(
    logCallRequest({
      priority: 3,
      reportedAt: '2026-11-23T09:00:00Z',
      subject: { kind: 'customer', customerId: 'globex' },
      item: { serialNumber: 'PC-1' },
    }),
  );
  const c = await callstream.execute(
    logCallRequest({
      priority: 3,
      reportedAt: '2026-11-23T09:00:00Z',
      subject: { kind: 'customer', customerId: 'acme' },
      item: { serialNumber: 'PC-2' },
    }),
  );
  await callstream.execute(
    command({ type: 'AssignCall', call: a.number, group: 'servers-l1', engineer: 'eve' }),
  );
  await callstream.execute(
    command({ type: 'AuthoriseRma', actor: staff.eve, call: a.number, depot: 'depot-lyon' }),
  );
  await callstream.execute(
    command({ type: 'ResolveCall', actor: staff.eve, call: c.number, solution: 'Restarted' }),
  );
  return { callstream, a, b, c };
}

describe('the board (current state)', () => {
  it('shows one row per open call with status, priority, customer, group, engineer, open transfer and due times', async () => {
    const { callstream, a } = await boardWithCalls();
    const row = callstream.board({ engineer: 'eve' })[0]!;
    expect(row).toMatchObject({
      number: a.number,
      status: 'Transferred',
      priority: 1,
      customerId: 'acme',
      group: 'servers-l1',
      engineer: 'eve',
      openTransfers: ['depot-repair'],
      responseDueAt: '2026-11-23T09:30:00.000Z',
      resolutionDueAt: '2026-11-23T13:00:00.000Z',
    });
  });

  it('filters by status, priority, group, engineer and customer', async () => {
    const { callstream, a, b, c } = await boardWithCalls();
    const numbers = (query: Parameters<Callstream['board']>[0]) =>
      callstream.board(query).map((r) => r.number);
    expect(numbers({})).toEqual([a.number, b.number, c.number]); // most urgent resolution first
    expect(numbers({ status: 'Solved' })).toEqual([c.number]);
    expect(numbers({ priority: 3 })).toEqual([b.number, c.number]);
    expect(numbers({ group: 'servers-l1' })).toEqual([a.number]);
    expect(numbers({ customerId: 'acme' })).toEqual([a.number, c.number]);
    expect(
      numbers({ customerId: ['globex', 'acme'], status: ['Registered', 'Transferred'] }),
    ).toEqual([a.number, b.number]);
  });

  it('evaluates service levels as of a given instant: on track, at risk, breached, met', async () => {
    const { callstream, a, b, c } = await boardWithCalls();
    const state = (asOf: string, atRiskShare?: number) =>
      Object.fromEntries(
        callstream
          .board({ asOf: new Date(asOf), ...(atRiskShare ? { atRiskShare } : {}) })
          .map((r) => [r.number, [r.response, r.resolution, r.serviceLevelState]]),
      );
    // 09:10: a (P1, response due 09:30) is on track; nobody responded yet.
    expect(state('2026-11-23T09:10:00Z')[a.number]).toEqual(['on-track', 'on-track', 'on-track']);
    // 09:25: a has used 83% of its response time.
    expect(state('2026-11-23T09:25:00Z')[a.number]).toEqual(['at-risk', 'on-track', 'at-risk']);
    expect(state('2026-11-23T09:25:00Z', 0.9)[a.number]).toEqual([
      'on-track',
      'on-track',
      'on-track',
    ]);
    // 14:00: a has breached both; c was resolved within its targets.
    const later = state('2026-11-23T14:00:00Z');
    expect(later[a.number]).toEqual(['breached', 'breached', 'breached']);
    expect(later[b.number]).toEqual(['breached', 'on-track', 'breached']);
    expect(later[c.number]).toEqual(['met', 'met', 'met']);
    expect(
      callstream
        .board({ asOf: new Date('2026-11-23T14:00:00Z'), serviceLevel: 'breached' })
        .map((r) => r.number),
    ).toEqual([a.number, b.number]);
  });

  it('refuses a service-level filter without the instant to evaluate it at', async () => {
    const { callstream } = await boardWithCalls();
    expect(() => callstream.board({ serviceLevel: 'breached' })).toThrow(/asOf/);
  });

  it('drops closed calls from the board and feeds the registration warning from open calls', async () => {
    const { callstream, c } = await boardWithCalls();
    await callstream.execute(command({ type: 'CloseCall', call: c.number }));
    expect(callstream.board().map((r) => r.number)).not.toContain(c.number);
    const again = await callstream.execute(
      logCallRequest({
        subject: { kind: 'customer', customerId: 'globex' },
        item: { serialNumber: 'PC-1' },
      }),
    );
    expect(again.warnings).toEqual([
      'Open calls exist for the same customer and serial number: C-000002',
    ]);
    const closedSerial = await callstream.execute(
      logCallRequest({
        subject: { kind: 'customer', customerId: 'acme' },
        item: { serialNumber: 'PC-2' },
      }),
    );
    expect(closedSerial.warnings).toEqual([]);
  });
});

describe('history (D5)', () => {
  it('keeps archived calls with their final state, resolution, totals and the link to a reopened successor', async () => {
    const callstream = new Callstream({ customerValidation: false, clock: steppingClock() });
    const call = await callstream.execute(logCallRequest());
    const steps = [
      command({ type: 'StartWork', actor: staff.eve, call: call.number }),
      command({
        type: 'BookTime',
        actor: staff.eve,
        call: call.number,
        labourType: 'remote',
        minutes: 30,
      }),
      command({
        type: 'BookTime',
        actor: staff.eve,
        call: call.number,
        labourType: 'on-site',
        minutes: 90,
      }),
      command({
        type: 'BookTime',
        actor: staff.eve,
        call: call.number,
        labourType: 'on-site',
        minutes: 15,
      }),
      command({
        type: 'CancelBooking',
        actor: staff.sam,
        call: call.number,
        bookingId: 'B3',
        reason: 'Booked twice',
      }),
      command({
        type: 'BookCost',
        actor: staff.eve,
        call: call.number,
        category: 'expense',
        description: 'Parking',
        amount: { amount: 1250, currency: 'EUR' },
      }),
      command({
        type: 'BookMaterial',
        actor: staff.eve,
        call: call.number,
        item: 'psu-750',
        quantity: 2,
      }),
      command({
        type: 'ResolveCall',
        actor: staff.eve,
        call: call.number,
        solution: 'Replaced PSU',
      }),
      command({ type: 'CloseCall', call: call.number }),
      command({ type: 'ArchiveCall', actor: staff.sam, call: call.number }),
    ];
    for (const step of steps) await callstream.execute(step);
    expect(callstream.board()).toEqual([]);
    const reopened = await callstream.execute(
      command({ type: 'ReopenCall', actor: staff.carl, call: call.number, reason: 'Dead again' }),
    );
    const [archived] = callstream.history();
    expect(archived).toMatchObject({
      number: call.number,
      status: 'Archived',
      solution: 'Replaced PSU',
      minutes: 120,
      minutesByLabour: { remote: 30, 'on-site': 90 },
      materials: 2,
      costs: { EUR: 1250 },
      reopenedAs: [reopened.successor!.number],
    });
    expect(callstream.board()).toMatchObject([
      { number: reopened.successor!.number, reopenedFrom: call.number, badFix: true },
    ]);
  });
});

/** A memory read-model store that counts the call documents its finds hand out (its own counts aside: SQLite's read none). */
class CountingReadModels extends MemoryReadModelStore {
  read = 0;
  private counting = false;
  override find<T extends Document>(
    projection: string,
    collection: string,
    filter?: Filter,
    options?: FindOptions,
  ): T[] {
    const found = super.find<T>(projection, collection, filter, options);
    if (collection === 'calls' && !this.counting) this.read += found.length;
    return found;
  }

  override count(
    projection: string,
    collection: string,
    filter?: Filter,
    options?: { readonly upTo?: number },
  ): number {
    this.counting = true;
    try {
      return super.count(projection, collection, filter, options);
    } finally {
      this.counting = false;
    }
  }
}

describe('a board of a few rows', () => {
  /** Forty open calls of every priority, reported through a morning: at 11:00 some are breached, some at risk, some on track. */
  async function backlog() {
    const readModels = new CountingReadModels();
    const callstream = new Callstream({
      customerValidation: false,
      readModels,
      clock: steppingClock('2026-11-23T10:45:00Z', 1000),
    });
    for (let i = 0; i < 40; i++)
      await callstream.execute(
        logCallRequest({
          priority: 1 + (i % 4),
          reportedAt: `2026-11-23T${String(8 + (i % 3)).padStart(2, '0')}:${String(i).padStart(2, '0')}:00Z`,
          subject: { kind: 'customer', customerId: i % 2 ? 'acme' : 'globex' },
        }),
      );
    return { callstream, readModels };
  }

  it("reads only the rows it shows, and shows the whole board's first rows, with or without a service-level filter", async () => {
    const { callstream, readModels } = await backlog();
    const asOf = new Date('2026-11-23T11:00:00Z');
    const numbers = (rows: ReadonlyArray<{ number: string }>) => rows.map((row) => row.number);
    const filters = [
      {},
      { serviceLevel: 'breached' },
      { serviceLevel: ['at-risk', 'on-track'] },
      { customerId: 'acme' },
    ] as const;
    const open = callstream.board({ asOf }).length;
    const states = new Set(callstream.board({ asOf }).map((row) => row.serviceLevelState));
    expect([...states].sort()).toEqual(['at-risk', 'breached', 'on-track']);
    for (const filter of filters) {
      const whole = numbers(callstream.board({ asOf, ...filter }));
      expect(whole.length).toBeGreaterThan(3);
      for (const limit of [0, 1, 3, whole.length, 100]) {
        readModels.read = 0;
        const board = numbers(callstream.board({ asOf, ...filter, limit }));
        expect(board, `${JSON.stringify(filter)} limit ${limit}`).toEqual(whole.slice(0, limit));
        // Unfiltered by service level: what is shown is all that is read.
        if (!('serviceLevel' in filter)) expect(readModels.read).toBe(board.length);
      }
      // The total under a cut board: counted on the index, no call read, unless judged by service level.
      readModels.read = 0;
      expect(countBoard(readModels, { asOf, ...filter })).toBe(whole.length);
      expect(readModels.read).toBe('serviceLevel' in filter ? open : 0);
    }
  });
});
