import { describe, it } from 'vitest';
import { events, given, inProcess, minutes } from '../support/call-spec.js';
import { inheritedNames } from '../../src/domain/index.js';

const at = minutes(100);

describe('second line (C3)', () => {
  it('transfers to another support centre and returns from it', () => {
    given(...inProcess())
      .when({ type: 'TransferToSecondLine', supportCentre: 'experts', reason: 'Firmware issue' })
      .then({
        type: 'TransferredToSecondLine',
        data: { at, transferId: 'T1', supportCentre: 'experts', reason: 'Firmware issue' },
      });
    given(...inProcess(), {
      type: 'TransferredToSecondLine',
      data: { at: minutes(20), transferId: 'T1', supportCentre: 'experts', reason: 'x' },
    })
      .when({ type: 'ReturnFromSecondLine', transferId: 'T1', outcome: 'Firmware flashed' })
      .then({
        type: 'SecondLineReturned',
        data: { at, transferId: 'T1', outcome: 'Firmware flashed' },
      });
  });

  it('refuses a second open second-line transfer', () => {
    given(...inProcess(), {
      type: 'TransferredToSecondLine',
      data: { at: minutes(20), transferId: 'T1', supportCentre: 'experts', reason: 'x' },
    })
      .when({ type: 'TransferToSecondLine', supportCentre: 'others', reason: 'y' })
      .refuses('TransferAlreadyOpen');
  });
});

describe('on-site service (C3)', () => {
  it('schedules, reschedules, starts and completes a visit with planned and actual times', () => {
    given(...inProcess())
      .when({
        type: 'ScheduleOnSiteVisit',
        engineer: 'eve',
        siteId: 'paris',
        plannedStart: minutes(200),
        plannedEnd: minutes(260),
      })
      .then({
        type: 'OnSiteVisitScheduled',
        data: {
          at,
          transferId: 'T1',
          engineer: 'eve',
          siteId: 'paris',
          plannedStart: minutes(200),
          plannedEnd: minutes(260),
        },
      });
    given(...inProcess(), events.visitScheduled())
      .when({
        type: 'RescheduleOnSiteVisit',
        transferId: 'T1',
        plannedStart: minutes(300),
        plannedEnd: minutes(360),
        reason: 'Customer asked',
      })
      .then({
        type: 'OnSiteVisitRescheduled',
        data: {
          at,
          transferId: 'T1',
          plannedStart: minutes(300),
          plannedEnd: minutes(360),
          reason: 'Customer asked',
        },
      });
    given(...inProcess(), events.visitScheduled())
      .when({ type: 'StartOnSiteVisit', transferId: 'T1' })
      .then({ type: 'OnSiteVisitStarted', data: { at, transferId: 'T1' } });
    given(...inProcess(), events.visitScheduled(), {
      type: 'OnSiteVisitStarted',
      data: { at: minutes(60), transferId: 'T1' },
    })
      .when({ type: 'CompleteOnSiteVisit', transferId: 'T1', report: 'Replaced PSU on site' })
      .then({
        type: 'OnSiteVisitCompleted',
        data: { at, transferId: 'T1', report: 'Replaced PSU on site' },
      });
  });

  it('refuses a visit that ends before it starts, and completing a visit that never started', () => {
    given(...inProcess())
      .when({
        type: 'ScheduleOnSiteVisit',
        engineer: 'eve',
        plannedStart: minutes(200),
        plannedEnd: minutes(200),
      })
      .refuses('InvalidVisitWindow');
    given(...inProcess(), events.visitScheduled())
      .when({ type: 'CompleteOnSiteVisit', transferId: 'T1', report: 'x' })
      .refuses('TransferStepNotAllowed', /scheduled/);
  });
});

describe('a step on a transfer that has ended', () => {
  const completed = [
    events.visitScheduled(),
    { type: 'OnSiteVisitStarted' as const, data: { at: minutes(60), transferId: 'T1' } },
    {
      type: 'OnSiteVisitCompleted' as const,
      data: { at: minutes(70), transferId: 'T1', report: 'PSU replaced' },
    },
  ];

  it('is refused for what the transfer is, not for where the call stands', () => {
    given(...inProcess(), ...completed)
      .when({ type: 'CancelTransfer', transferId: 'T1', reason: 'Booked twice' })
      .refuses(
        'TransferStepNotAllowed',
        /^Cannot cancel the on-site visit T1 of call C-000042: it is completed$/,
      );
    given(...inProcess(), ...completed)
      .when({ type: 'CompleteOnSiteVisit', transferId: 'T1', report: 'Again' })
      .refuses(
        'TransferStepNotAllowed',
        /^Cannot complete the on-site visit T1 .*: it is completed$/,
      );
  });

  it('on a closed call, says to reopen it, as for any step', () => {
    given(
      ...inProcess(),
      ...completed,
      { type: 'CallResolved', data: { at: minutes(80), by: 'ann', solution: 'PSU' } },
      { type: 'CallClosed', data: { at: minutes(90), by: 'ann' } },
    )
      .when({ type: 'CancelTransfer', transferId: 'T1', reason: 'x' })
      .refuses('InvalidTransition', /reopen it/);
  });
});

describe('a visit lasts at most seven days (issue 13: its agenda week and the one before hold every visit in its way)', () => {
  it('schedules a visit of exactly seven days, and refuses a longer one, scheduled or moved', () => {
    given(...inProcess())
      .when({
        type: 'ScheduleOnSiteVisit',
        engineer: 'eve',
        plannedStart: minutes(200),
        plannedEnd: minutes(200 + 7 * 24 * 60),
      })
      .then({
        type: 'OnSiteVisitScheduled',
        data: {
          at,
          transferId: 'T1',
          engineer: 'eve',
          plannedStart: minutes(200),
          plannedEnd: minutes(200 + 7 * 24 * 60),
        },
      });
    given(...inProcess())
      .when({
        type: 'ScheduleOnSiteVisit',
        engineer: 'eve',
        plannedStart: minutes(200),
        plannedEnd: minutes(201 + 7 * 24 * 60),
      })
      .refuses('VisitTooLong', /at most 7 days/);
    given(...inProcess(), events.visitScheduled())
      .when({
        type: 'RescheduleOnSiteVisit',
        transferId: 'T1',
        plannedStart: minutes(300),
        plannedEnd: minutes(300 + 8 * 24 * 60),
        reason: 'Longer job',
      })
      .refuses('VisitTooLong');
  });
});

describe('a visit is not planned before its call was reported (as work is not booked before it)', () => {
  it('schedules a visit from the instant the call was reported, and refuses an earlier one, scheduled or moved', () => {
    // Reported 2026-11-23T09:00Z (minutes(0)).
    given(...inProcess())
      .when({
        type: 'ScheduleOnSiteVisit',
        engineer: 'eve',
        plannedStart: minutes(0),
        plannedEnd: minutes(60),
      })
      .then({
        type: 'OnSiteVisitScheduled',
        data: {
          at,
          transferId: 'T1',
          engineer: 'eve',
          plannedStart: minutes(0),
          plannedEnd: minutes(60),
        },
      });
    given(...inProcess())
      .when({
        type: 'ScheduleOnSiteVisit',
        engineer: 'eve',
        plannedStart: new Date('1999-01-04T09:00:00.000Z'),
        plannedEnd: new Date('1999-01-04T10:00:00.000Z'),
      })
      .refuses('VisitBeforeCall', /1999-01-04T09:00:00.000Z is before call C-000042 was reported/);
    given(...inProcess())
      .when({
        type: 'ScheduleOnSiteVisit',
        engineer: 'eve',
        plannedStart: minutes(-1),
        plannedEnd: minutes(60),
      })
      .refuses('VisitBeforeCall');
    given(...inProcess(), events.visitScheduled())
      .when({
        type: 'RescheduleOnSiteVisit',
        transferId: 'T1',
        plannedStart: new Date('1999-01-04T09:00:00.000Z'),
        plannedEnd: new Date('1999-01-04T10:00:00.000Z'),
        reason: 'Typing error',
      })
      .refuses('VisitBeforeCall');
  });
});

describe('depot repair with an RMA (C3)', () => {
  it('authorises an RMA numbered after the call, for the call’s item', () => {
    given(...inProcess())
      .when({ type: 'AuthoriseRma', depot: 'depot-lyon' })
      .then({
        type: 'RmaAuthorised',
        data: {
          at,
          transferId: 'T1',
          rmaNumber: 'RMA-C-000042-T1',
          depot: 'depot-lyon',
          item: 'server-x',
          serialNumber: 'SRV-1',
        },
      });
  });

  it('receives, repairs and ships the item back, in that order only', () => {
    const authorised = [...inProcess(), events.rmaAuthorised()];
    given(...authorised)
      .when({ type: 'ReceiveRmaItem', transferId: 'T1' })
      .then({ type: 'RmaItemReceived', data: { at, transferId: 'T1' } });
    given(...authorised)
      .when({ type: 'ShipRmaItem', transferId: 'T1' })
      .refuses('TransferStepNotAllowed', /authorised/);
    const received = [
      ...authorised,
      { type: 'RmaItemReceived', data: { at: minutes(30), transferId: 'T1' } } as const,
    ];
    given(...received)
      .when({ type: 'RecordRmaRepair', transferId: 'T1', report: 'New PSU' })
      .then({ type: 'RmaItemRepaired', data: { at, transferId: 'T1', report: 'New PSU' } });
    given(...received, {
      type: 'RmaItemRepaired',
      data: { at: minutes(40), transferId: 'T1', report: 'New PSU' },
    })
      .when({ type: 'ShipRmaItem', transferId: 'T1', trackingNumber: 'TRACK-1' })
      .then({ type: 'RmaItemShipped', data: { at, transferId: 'T1', trackingNumber: 'TRACK-1' } });
  });

  it('numbers a second RMA on the same call with its own stable id', () => {
    given(...inProcess(), events.rmaAuthorised('T1'), {
      type: 'TransferCancelled',
      data: { at: minutes(25), transferId: 'T1', reason: 'Wrong item' },
    })
      .when({ type: 'AuthoriseRma', depot: 'depot-lyon', serialNumber: 'SRV-2' })
      .then({
        type: 'RmaAuthorised',
        data: {
          at,
          transferId: 'T2',
          rmaNumber: 'RMA-C-000042-T2',
          depot: 'depot-lyon',
          item: 'server-x',
          serialNumber: 'SRV-2',
        },
      });
  });

  it('refuses a step on a transfer of another kind or one that does not exist', () => {
    given(...inProcess(), events.visitScheduled())
      .when({ type: 'ReceiveRmaItem', transferId: 'T1' })
      .refuses('TransferKindMismatch');
    given(...inProcess(), events.visitScheduled())
      .when({ type: 'ReceiveRmaItem', transferId: 'T9' })
      .refuses('TransferNotFound');
    for (const transferId of inheritedNames)
      given(...inProcess(), events.visitScheduled())
        .when({ type: 'ReceiveRmaItem', transferId })
        .refuses('TransferNotFound');
  });
});

describe('subcontractor (C3)', () => {
  const ordered = {
    type: 'SubcontractOrdered' as const,
    data: {
      at: minutes(20),
      transferId: 'T1',
      subcontractor: 'fixit',
      orderReference: 'PO-9',
      agreedCost: { amount: 25_000, currency: 'EUR' },
    },
  };

  it('orders and completes subcontracted work with its agreed and actual cost', () => {
    given(...inProcess())
      .when({
        type: 'OrderSubcontract',
        subcontractor: 'fixit',
        orderReference: 'PO-9',
        agreedCost: { amount: 25_000, currency: 'EUR' },
      })
      .then({ ...ordered, data: { ...ordered.data, at } });
    given(...inProcess(), ordered)
      .when({
        type: 'CompleteSubcontract',
        transferId: 'T1',
        actualCost: { amount: 24_000, currency: 'EUR' },
      })
      .then({
        type: 'SubcontractCompleted',
        data: { at, transferId: 'T1', actualCost: { amount: 24_000, currency: 'EUR' } },
      });
  });

  it('refuses an actual cost in another currency than agreed', () => {
    given(...inProcess(), ordered)
      .when({
        type: 'CompleteSubcontract',
        transferId: 'T1',
        actualCost: { amount: 1, currency: 'USD' },
      })
      .refuses('CurrencyMismatch');
  });
});

describe('CancelTransfer', () => {
  it('cancels a transfer before work on it started, not after', () => {
    given(...inProcess(), events.visitScheduled())
      .when({ type: 'CancelTransfer', transferId: 'T1', reason: 'Solved by phone' })
      .then({
        type: 'TransferCancelled',
        data: { at, transferId: 'T1', reason: 'Solved by phone' },
      });
    given(...inProcess(), events.visitScheduled(), {
      type: 'OnSiteVisitStarted',
      data: { at: minutes(60), transferId: 'T1' },
    })
      .when({ type: 'CancelTransfer', transferId: 'T1', reason: 'x' })
      .refuses('TransferStepNotAllowed');
  });

  it('refuses transfer steps when the call is not transferred', () => {
    given(...inProcess())
      .when({ type: 'CancelTransfer', transferId: 'T1', reason: 'x' })
      .refuses('InvalidTransition');
  });
});
