import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evolveAllowance,
  evolveCall,
  initialAllowance,
  labourAmount,
  percentOf,
  proposeInvoice,
  roundHalfUp,
  scale,
  type Allowance,
  type CallEvent,
  type Contract,
  type PriceListState,
} from '../../src/domain/index.js';
import { events, inProcess, minutes } from '../support/call-spec.js';

describe('money: integer minor units, rounding half up, explicitly', () => {
  it('rounds half a minor unit up and everything else to the nearest', () => {
    expect(roundHalfUp(5n, 2n)).toBe(3); // 2.5 → 3
    expect(roundHalfUp(7n, 3n)).toBe(2); // 2.33 → 2
    expect(roundHalfUp(-5n, 2n)).toBe(-3); // half away from zero for credits
    expect(labourAmount(9500, 150)).toBe(23750); // 2.5 h at 95.00
    expect(labourAmount(8000, 7)).toBe(933); // 9.333… → 9.33
    expect(labourAmount(8000, 59)).toBe(7867); // 78.666… → 78.67
    expect(percentOf(21050, 115)).toBe(24208); // 242.075 → 242.08
    expect(percentOf(999, 50)).toBe(500); // 4.995 → 5.00
    expect(scale(1e12, 3, 7)).toBe(428571428571); // large amounts stay exact (BigInt)
  });
});

const prices: PriceListState = [
  {
    priceListId: 'p',
    version: 1,
    effectiveFrom: new Date('2026-01-01T00:00:00Z'),
    prices: {
      currency: 'EUR',
      labour: { remote: 8000, 'on-site': 9500, depot: 7000, travel: 5000 },
      materials: { psu: 8900 },
      subcontractMarginPercent: 12.5,
    },
  },
];

const booking = fc.oneof(
  fc.record({
    type: fc.constant('TimeBooked' as const),
    labourType: fc.constantFrom('remote', 'on-site', 'depot', 'travel'),
    minutes: fc.integer({ min: 1, max: 600 }),
  }),
  fc.record({
    type: fc.constant('MaterialBooked' as const),
    quantity: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({
    type: fc.constant('CostBooked' as const),
    amount: fc.integer({ min: 1, max: 100_000 }),
  }),
);

describe('billing properties', () => {
  it('splits every line exactly: warranty + contract + chargeable = amount, none negative, for any bookings, shares and limits', () => {
    fc.assert(
      fc.property(
        fc.array(booking, { minLength: 1, maxLength: 12, size: 'max' }),
        fc.integer({ min: 1, max: 100 }),
        // In hundredths: a line's hours stored before the boundary asked for whole minutes (1.01 h).
        fc.option(
          fc.integer({ min: 0, max: 1000 }).map((hundredths) => hundredths / 100),
          { nil: undefined },
        ),
        fc.integer({ min: 0, max: 1200 }),
        fc.boolean(),
        (bookings, share, hours, usedByOthers, warranty) => {
          const history: CallEvent[] = [...inProcess()];
          bookings.forEach((b, i) => {
            const common = {
              at: minutes(20 + i),
              bookingId: `B${i + 1}`,
              by: 'eve',
              workDate: '2026-11-23',
            };
            if (b.type === 'TimeBooked')
              history.push({
                type: 'TimeBooked',
                data: { ...common, labourType: b.labourType, minutes: b.minutes },
              });
            else if (b.type === 'MaterialBooked')
              history.push({
                type: 'MaterialBooked',
                data: { ...common, item: 'psu', quantity: b.quantity },
              });
            else
              history.push({
                type: 'CostBooked',
                data: {
                  ...common,
                  category: 'expense',
                  description: 'Parking',
                  amount: { amount: b.amount, currency: 'EUR' },
                },
              });
          });
          history.push(events.resolved());
          const call = history.reduce(evolveCall, null)!;
          const contract: Contract = {
            id: 'c1',
            customerId: 'acme',
            from: '2026-01-01',
            until: '2026-12-31',
            renewals: [],
            lines: Object.fromEntries(
              (['remote-support', 'on-site-repair', 'depot-repair'] as const).map((service, i) => [
                `L${i + 1}`,
                {
                  service,
                  scope: { serialNumber: 'SRV-1' },
                  share,
                  ...(hours === undefined ? {} : { limits: { hours, per: 'year' as const } }),
                },
              ]),
            ),
          };
          const equipment = {
            serialNumber: 'SRV-1',
            item: 'server-x',
            placements: [{ from: '2025-01-01', customerId: 'acme', siteId: 'paris' }],
            ...(warranty ? { warrantyUntil: '2027-01-01' } : {}),
          };
          const allowances = new Map<string, Allowance>(
            (['L1', 'L2', 'L3'] as const).map((line) => [
              `c1.${line}.2026`,
              evolveAllowance(initialAllowance(), {
                type: 'AllowanceConsumed',
                data: {
                  at: new Date('2026-03-01T00:00:00Z'),
                  callId: 'other-call',
                  contractId: 'c1',
                  lineId: line,
                  period: '2026',
                  minutes: usedByOthers,
                  visits: 0,
                },
              }),
            ]),
          );
          const proposal = proposeInvoice({
            call,
            priceLists: prices,
            contract,
            equipment,
            allowances,
            timeZone: 'UTC',
          });
          for (const line of proposal.lines) {
            expect(line.warranty + line.contract + line.chargeable).toBe(line.amount);
            expect(line.warranty).toBeGreaterThanOrEqual(0);
            expect(line.contract).toBeGreaterThanOrEqual(0);
            expect(line.chargeable).toBeGreaterThanOrEqual(0);
            if (warranty) expect(line.warranty).toBe(line.amount);
          }
          const { totals } = proposal;
          expect(totals.warranty + totals.contract + totals.chargeable).toBe(totals.total);
          expect(totals.total).toBe(proposal.lines.reduce((sum, line) => sum + line.amount, 0));
          // The allowance never gives out more than its hours, and gives whole minutes: what
          // its events record (a fraction would be an event its own schema refuses).
          if (hours !== undefined)
            for (const use of proposal.consumption) {
              expect(use.minutes + usedByOthers).toBeLessThanOrEqual(
                Math.max(Math.round(hours * 60), usedByOthers),
              );
              expect(Number.isInteger(use.minutes)).toBe(true);
            }
          for (const line of proposal.lines)
            if (line.coverage.allowance)
              expect(Number.isInteger(line.coverage.allowance.coveredMinutes)).toBe(true);
          // Deciding again from the same facts proposes the same lines.
          expect(
            proposeInvoice({
              call,
              priceLists: prices,
              contract,
              equipment,
              allowances,
              timeZone: 'UTC',
            }),
          ).toEqual(proposal);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('proposing an invoice', () => {
  const remote20 = (): CallEvent[] => [
    ...inProcess(),
    {
      type: 'TimeBooked',
      data: {
        at: minutes(20),
        bookingId: 'B1',
        by: 'eve',
        workDate: '2026-11-23',
        labourType: 'remote',
        minutes: 20,
      },
    },
    events.resolved(),
  ];
  const placedWith = (customerId: string) => ({
    serialNumber: 'SRV-1',
    item: 'server-x',
    warrantyUntil: '2027-01-01',
    placements: [{ from: '2025-01-01', customerId, siteId: 'paris' }],
  });

  it('applies the warranty to the owner’s call only: equipment placed with another customer on the day is not the caller’s warranty', () => {
    const call = remote20().reduce(evolveCall, null)!;
    const owned = proposeInvoice({
      call,
      priceLists: prices,
      contract: null,
      equipment: placedWith('acme'),
      allowances: new Map(),
      timeZone: 'UTC',
    });
    expect(owned.lines.map((l) => l.coverage.basis)).toEqual(['warranty']);
    const someoneElses = proposeInvoice({
      call,
      priceLists: prices,
      contract: null,
      equipment: placedWith('globex'),
      allowances: new Map(),
      timeZone: 'UTC',
    });
    expect(someoneElses.lines.map((l) => [l.coverage.basis, l.chargeable])).toEqual([
      ['no-contract', 2667],
    ]);
  });

  it('shows hours to four places, so quantity × price agrees with the amount', () => {
    const call = remote20().reduce(evolveCall, null)!;
    const [line] = proposeInvoice({
      call,
      priceLists: prices,
      contract: null,
      equipment: null,
      allowances: new Map(),
      timeZone: 'UTC',
    }).lines;
    expect(line).toMatchObject({ quantity: 0.3333, unit: 'h', unitPrice: 8000, amount: 2667 });
  });
});

describe('material prices by item', () => {
  it('finds no price for an item named like a member every object has, instead of the inherited function', () => {
    for (const item of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      const history: CallEvent[] = [
        ...inProcess(),
        {
          type: 'MaterialBooked',
          data: {
            at: minutes(20),
            bookingId: 'B1',
            by: 'eve',
            workDate: '2026-11-23',
            item,
            quantity: 1,
          },
        },
        events.resolved(),
      ];
      const call = history.reduce(evolveCall, null)!;
      expect(() =>
        proposeInvoice({
          call,
          priceLists: prices,
          contract: null,
          equipment: null,
          allowances: new Map(),
          timeZone: 'UTC',
        }),
      ).toThrow(expect.objectContaining({ code: 'PriceMissing' }));
    }
  });
});
