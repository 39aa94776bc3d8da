import { describe, it } from 'vitest';
import {
  closedCall,
  engineer,
  events,
  given,
  inProcess,
  minutes,
  organisationWithServersGroup,
} from '../support/call-spec.js';
import { inheritedNames, type CallEvent } from '../../src/domain/index.js';

const at = minutes(100);

describe('BookTime / BookMaterial / BookCost (C4)', () => {
  it('books time to the engineer and group of the call, dated the day of work', () => {
    given(...inProcess())
      .when({ type: 'BookTime', actor: engineer, labourType: 'remote', minutes: 45 })
      .then({
        type: 'TimeBooked',
        data: {
          at,
          bookingId: 'B1',
          by: 'eve',
          engineer: 'eve',
          group: 'servers-l1',
          workDate: '2026-11-23',
          labourType: 'remote',
          minutes: 45,
        },
      });
  });

  it('books material and costs under the next booking ids, against a transfer', () => {
    const first = {
      type: 'TimeBooked' as const,
      data: {
        at: minutes(30),
        bookingId: 'B1',
        by: 'eve',
        engineer: 'eve',
        workDate: '2026-11-23',
        labourType: 'remote' as const,
        minutes: 30,
      },
    };
    given(...inProcess(), events.visitScheduled(), first)
      .when({
        type: 'BookMaterial',
        actor: engineer,
        item: 'psu-750',
        quantity: 1,
        transferId: 'T1',
      })
      .then({
        type: 'MaterialBooked',
        data: {
          at,
          bookingId: 'B2',
          by: 'eve',
          engineer: 'eve',
          group: 'servers-l1',
          workDate: '2026-11-23',
          transferId: 'T1',
          item: 'psu-750',
          quantity: 1,
        },
      });
    given(...inProcess(), first)
      .when({
        type: 'BookCost',
        actor: engineer,
        category: 'expense',
        description: 'Parking',
        amount: { amount: 1250, currency: 'EUR' },
        workDate: '2026-11-22',
      })
      .then({
        type: 'CostBooked',
        data: {
          at,
          bookingId: 'B2',
          by: 'eve',
          engineer: 'eve',
          group: 'servers-l1',
          workDate: '2026-11-22',
          category: 'expense',
          description: 'Parking',
          amount: { amount: 1250, currency: 'EUR' },
        },
      });
  });

  it('refuses a subcontract cost booked on a subcontract order: billing prices the order from its actual cost, and would bill both', () => {
    const ordered: CallEvent = {
      type: 'SubcontractOrdered',
      data: {
        at: minutes(20),
        transferId: 'T1',
        subcontractor: 'fixit',
        orderReference: 'PO-77',
        agreedCost: { amount: 20000, currency: 'EUR' },
      },
    };
    const completed: CallEvent = {
      type: 'SubcontractCompleted',
      data: { at: minutes(40), transferId: 'T1', actualCost: { amount: 21000, currency: 'EUR' } },
    };
    const cost = {
      type: 'BookCost' as const,
      actor: engineer,
      description: 'Invoice of fixit',
      amount: { amount: 21000, currency: 'EUR' },
      transferId: 'T1',
    };
    for (const history of [[ordered], [ordered, completed]])
      given(...inProcess(), ...history)
        .when({ ...cost, category: 'subcontract' })
        .refuses('SubcontractCostOnOrder', /T1 \(fixit, PO-77\).*CompleteSubcontract/);
    // Freight to the subcontractor is a cost of its own.
    given(...inProcess(), ordered, completed)
      .when({ ...cost, category: 'freight', description: 'Courier' })
      .then({
        type: 'CostBooked',
        data: {
          at,
          bookingId: 'B1',
          by: 'eve',
          engineer: 'eve',
          group: 'servers-l1',
          workDate: '2026-11-23',
          transferId: 'T1',
          category: 'freight',
          description: 'Courier',
          amount: { amount: 21000, currency: 'EUR' },
        },
      });
  });

  it('books on a solved call (administrative handling), never on a closed one', () => {
    given(...inProcess(), events.resolved())
      .when({ type: 'BookTime', actor: engineer, labourType: 'travel', minutes: 20 })
      .then({
        type: 'TimeBooked',
        data: {
          at,
          bookingId: 'B1',
          by: 'eve',
          engineer: 'eve',
          group: 'servers-l1',
          workDate: '2026-11-23',
          labourType: 'travel',
          minutes: 20,
        },
      });
    given(...closedCall())
      .when({ type: 'BookTime', labourType: 'remote', minutes: 10 })
      .refuses('InvalidTransition', /book time on call C-000042: it is Closed/);
  });

  it('dates work by the organisation’s calendar day, not by UTC', () => {
    // 00:40 on the 24th in Paris is still the 23rd in UTC: the work is dated the 24th, and may be.
    given(...inProcess())
      .when({
        type: 'BookTime',
        actor: engineer,
        labourType: 'remote',
        minutes: 30,
        today: '2026-11-24',
      })
      .then({
        type: 'TimeBooked',
        data: {
          at,
          bookingId: 'B1',
          by: 'eve',
          engineer: 'eve',
          group: 'servers-l1',
          workDate: '2026-11-24',
          labourType: 'remote',
          minutes: 30,
        },
      });
    given(...inProcess())
      .when({
        type: 'BookTime',
        labourType: 'remote',
        minutes: 10,
        workDate: '2026-11-24',
        today: '2026-11-23',
      })
      .refuses('BookingInFuture');
  });

  it('refuses work dated in the future and bookings against an unknown transfer (a name every object has is none)', () => {
    given(...inProcess())
      .when({ type: 'BookTime', labourType: 'remote', minutes: 10, workDate: '2026-11-24' })
      .refuses('BookingInFuture');
    given(...inProcess())
      .when({ type: 'BookTime', labourType: 'remote', minutes: 10, transferId: 'T3' })
      .refuses('TransferNotFound');
    for (const transferId of inheritedNames)
      given(...inProcess())
        .when({ type: 'BookTime', labourType: 'remote', minutes: 10, transferId })
        .refuses('TransferNotFound');
  });

  it('refuses work dated before the call was reported, with a day of slack for the organisation’s time zone', () => {
    // Reported 2026-11-23T09:00Z.
    given(...inProcess())
      .when({ type: 'BookTime', labourType: 'remote', minutes: 10, workDate: '0001-01-01' })
      .refuses('BookingBeforeCall');
    given(...inProcess())
      .when({ type: 'BookTime', labourType: 'remote', minutes: 10, workDate: '2026-11-21' })
      .refuses('BookingBeforeCall');
    given(...inProcess())
      .when({
        type: 'BookTime',
        labourType: 'remote',
        minutes: 10,
        workDate: '2026-11-22',
        today: '2026-11-23',
      })
      .then({
        type: 'TimeBooked',
        data: {
          at,
          bookingId: 'B1',
          by: 'ann',
          engineer: 'eve',
          group: 'servers-l1',
          workDate: '2026-11-22',
          labourType: 'remote',
          minutes: 10,
        },
      });
  });
});

describe('plausible time: at most a day a person, a call and a day; a group the organisation has', () => {
  const day = (length: number, cancelled = false) => [
    {
      type: 'TimeBooked' as const,
      data: {
        at: minutes(30),
        bookingId: 'B1',
        by: 'eve',
        engineer: 'eve',
        workDate: '2026-11-23',
        labourType: 'remote' as const,
        minutes: length,
      },
    },
    ...(cancelled
      ? [
          {
            type: 'BookingCancelled' as const,
            data: { at: minutes(40), bookingId: 'B1', by: 'sam', reason: 'Typo' },
          },
        ]
      : []),
  ];
  /** What the command books now, as B2 (after the day's B1). */
  const bookedNow = (length: number, fields: object = {}) => ({
    type: 'TimeBooked' as const,
    data: {
      at,
      bookingId: 'B2',
      by: 'eve',
      engineer: 'eve',
      group: 'servers-l1',
      workDate: '2026-11-23',
      labourType: 'on-site' as const,
      minutes: length,
      ...fields,
    },
  });
  const book = (length: number, extra: object = {}) =>
    ({
      type: 'BookTime',
      actor: engineer,
      labourType: 'on-site',
      minutes: length,
      ...extra,
    }) as const;

  it('refuses time that would make one engineer’s day on the call longer than 24 hours', () => {
    given(...inProcess(), ...day(1_000))
      .when(book(441))
      .refuses(
        'DayOverbooked',
        /^eve already has 1000 minutes booked on call C-000042 for 2026-11-23: 441 more would make more than a day/,
      );
    given(...inProcess(), ...day(1_000))
      .when(book(440))
      .then(bookedNow(440));
  });

  it('counts neither what was cancelled, nor another day, nor another engineer', () => {
    given(...inProcess(), ...day(1_000, true))
      .when(book(1_440))
      .then(bookedNow(1_440));
    given(...inProcess(), ...day(1_000))
      .when(book(1_440, { workDate: '2026-11-22', today: '2026-11-23' }))
      .then(bookedNow(1_440, { workDate: '2026-11-22' }));
    given(...inProcess(), ...day(1_000))
      .when(book(1_440, { engineer: 'tom' }))
      .then(bookedNow(1_440, { engineer: 'tom' }));
  });

  it('refuses a group the organisation does not have', () => {
    const organisation = organisationWithServersGroup();
    given(...inProcess())
      .when(book(30, { group: 'no-such-group', organisation }))
      .refuses('GroupNotFound', /No active group no-such-group; groups: servers-l1/);
  });
});

describe('CancelBooking', () => {
  const booked = {
    type: 'TimeBooked' as const,
    data: {
      at: minutes(30),
      bookingId: 'B1',
      by: 'eve',
      workDate: '2026-11-23',
      labourType: 'remote' as const,
      minutes: 30,
    },
  };

  it('cancels a booking with a reason, once', () => {
    given(...inProcess(), booked)
      .when({ type: 'CancelBooking', bookingId: 'B1', reason: 'Booked twice' })
      .then({
        type: 'BookingCancelled',
        data: { at, bookingId: 'B1', by: 'ann', reason: 'Booked twice' },
      });
    given(...inProcess(), booked, {
      type: 'BookingCancelled',
      data: { at: minutes(40), bookingId: 'B1', by: 'ann', reason: 'x' },
    })
      .when({ type: 'CancelBooking', bookingId: 'B1', reason: 'again' })
      .refuses('BookingAlreadyCancelled');
    given(...inProcess())
      .when({ type: 'CancelBooking', bookingId: 'B7', reason: 'x' })
      .refuses('BookingNotFound');
    for (const bookingId of inheritedNames)
      given(...inProcess(), booked)
        .when({ type: 'CancelBooking', bookingId, reason: 'x' })
        .refuses('BookingNotFound');
  });
});

describe('one currency a call: the one it is invoiced in', () => {
  const cost = (currency: string) =>
    ({
      type: 'BookCost',
      actor: engineer,
      category: 'freight',
      description: 'Courier',
      amount: { amount: 4_000, currency },
    }) as const;
  const costBooked = (bookingId: string, currency: string) => ({
    type: 'CostBooked' as const,
    data: {
      at: minutes(30),
      bookingId,
      by: 'eve',
      workDate: '2026-11-23',
      category: 'freight' as const,
      description: 'Courier',
      amount: { amount: 4_000, currency },
    },
  });
  /** What the command books now: eve's cost, on the call's group, dated today. */
  const bookedNow = (bookingId: string, currency: string) => ({
    type: 'CostBooked' as const,
    data: {
      ...costBooked(bookingId, currency).data,
      at,
      engineer: 'eve',
      group: 'servers-l1',
    },
  });
  const subcontracted = (currency: string) => ({
    type: 'SubcontractOrdered' as const,
    data: {
      at: minutes(20),
      transferId: 'T1',
      subcontractor: 'fixit',
      orderReference: 'PO-9',
      agreedCost: { amount: 25_000, currency },
    },
  });

  it('refuses a cost in another currency than the price list the call is billed with', () => {
    given(...inProcess())
      .when({ ...cost('USD'), billingCurrency: 'EUR' })
      .refuses('CurrencyMismatch', /C-000042 is invoiced in EUR .*not USD/);
    given(...inProcess())
      .when({ ...cost('EUR'), billingCurrency: 'EUR' })
      .then(bookedNow('B1', 'EUR'));
  });

  it('without a published price list, refuses a currency other than the money already on the call', () => {
    given(...inProcess(), costBooked('B1', 'EUR'))
      .when(cost('USD'))
      .refuses('CurrencyMismatch', /already carries money in EUR, not USD/);
    given(...inProcess(), subcontracted('EUR'))
      .when(cost('USD'))
      .refuses('CurrencyMismatch', /already carries money in EUR/);
    given(...inProcess(), subcontracted('EUR'))
      .when({
        type: 'OrderSubcontract',
        subcontractor: 'other',
        orderReference: 'PO-10',
        agreedCost: { amount: 1, currency: 'CHF' },
      })
      .refuses('CurrencyMismatch');
  });

  it('forgets the currency of what was cancelled: a cost cancelled, a subcontract cancelled', () => {
    const cancelled = {
      type: 'BookingCancelled' as const,
      data: { at: minutes(40), bookingId: 'B1', by: 'sam', reason: 'wrong currency' },
    };
    given(...inProcess(), costBooked('B1', 'EUR'), cancelled)
      .when(cost('USD'))
      .then(bookedNow('B2', 'USD'));
    const subcontractCancelled = {
      type: 'TransferCancelled' as const,
      data: { at: minutes(40), transferId: 'T1', reason: 'Done in house' },
    };
    given(...inProcess(), subcontracted('EUR'), subcontractCancelled)
      .when(cost('USD'))
      .then(bookedNow('B1', 'USD'));
  });

  it('refuses a subcontract agreed in another currency than the price list the call is billed with', () => {
    given(...inProcess())
      .when({
        type: 'OrderSubcontract',
        subcontractor: 'fixit',
        orderReference: 'PO-9',
        agreedCost: { amount: 25_000, currency: 'GBP' },
        billingCurrency: 'EUR',
      })
      .refuses('CurrencyMismatch', /invoiced in EUR/);
  });
});
