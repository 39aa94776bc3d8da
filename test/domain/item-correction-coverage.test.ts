import { describe, expect, it } from 'vitest';
import type { CallEvent, Contract, CoverageLine, Equipment } from '../../src/domain/index.js';
import { events, given, minutes, T0 } from '../support/call-spec.js';

/**
 * A2 with B4: a call's coverage was judged for the item and serial number reported. When the
 * serial number turns out to be another, the call is judged again for it, on the day it was
 * judged and under the contract it is charged to: the board, billing and the customer's log
 * then show what covers the unit actually at fault, never the verdict for a misread label.
 */
const at = minutes(100);
const day = '2026-11-23';
const acme2026 = (lines: Record<string, CoverageLine> = {}): Contract => ({
  id: 'acme-2026',
  customerId: 'acme',
  from: '2026-01-01',
  until: '2026-12-31',
  renewals: [],
  lines,
});
const srv1Line: Record<string, CoverageLine> = {
  L1: { service: 'remote-support', scope: { serialNumber: 'SRV-1' }, share: 100 },
};
const judged = (verdict: 'covered' | 'not-covered', share: number, serialNumber = 'SRV-1') => ({
  day,
  service: 'remote-support' as const,
  verdict,
  contractId: 'acme-2026',
  share,
  chargeable: share < 100,
  siteId: 'paris',
  item: 'server-x',
  serialNumber,
});
const coveredBySrv1Line = {
  ...judged('covered', 100),
  rule: 'serial-number' as const,
  lineId: 'L1',
};
const takenOn = (coverage: object): CallEvent[] => [
  events.logged(),
  { type: 'CoverageDetermined', data: { at: T0, coverage: coverage as never } },
];
/** SRV-2: a server-x installed at acme's paris site, under the manufacturer's warranty until 2027. */
const srv2: Equipment = {
  serialNumber: 'SRV-2',
  item: 'server-x',
  warrantyUntil: '2027-06-30',
  placements: [{ from: '2026-02-01', customerId: 'acme', siteId: 'paris' }],
};
const correct = (serialNumber: string, extra: object = {}) => ({
  type: 'CorrectCallDetails' as const,
  reason: 'Serial number misread on the phone',
  item: { item: 'server-x', serialNumber },
  ...extra,
});
/** The correction as recorded: the item corrected to `serialNumber`, and what covers it, when judged again. */
const corrected = (serialNumber: string, cover: object = {}): CallEvent => ({
  type: 'CallDetailsCorrected',
  data: {
    at,
    reason: 'Serial number misread on the phone',
    item: { item: 'server-x', serialNumber },
    ...cover,
  },
});
const remote20: CallEvent = {
  type: 'TimeBooked',
  data: {
    at: minutes(20),
    bookingId: 'B1',
    by: 'eve',
    workDate: day,
    labourType: 'remote',
    minutes: 20,
  },
};

describe('a corrected item is judged again for what covers it (A2, B4)', () => {
  it('covers the call by the warranty of the serial number it turns out to be', () => {
    const history = takenOn(judged('not-covered', 0));
    const cover = { contract: acme2026(), equipment: srv2, depotUnits: new Map() };
    given(...history)
      .when(correct('SRV-2', { cover }))
      .then(
        corrected('SRV-2', {
          coverage: {
            ...judged('covered', 100, 'SRV-2'),
            rule: 'warranty',
            warrantyUntil: '2027-06-30',
          },
        }),
      );
  });

  it('refuses a correction that leaves the customer paying more unless it is confirmed as chargeable', () => {
    const history = takenOn(coveredBySrv1Line);
    const cover = { contract: acme2026(srv1Line), equipment: null, depotUnits: new Map() };
    given(...history)
      .when(correct('SRV-9', { cover }))
      .refuses(
        'ChargeableWorkNotConfirmed',
        /for serial number SRV-9 the customer pays 100% of the work where they paid 0% for serial number SRV-1.*chargeable: true/,
      );
    given(...history)
      .when(correct('SRV-9', { cover, chargeable: true }))
      .then(corrected('SRV-9', { coverage: judged('not-covered', 0, 'SRV-9') }));
  });

  it('confirms the booked work nothing covers any more as chargeable, and the call shows it', () => {
    const history = [...takenOn(coveredBySrv1Line), remote20];
    const cover = { contract: acme2026(srv1Line), equipment: null, depotUnits: new Map() };
    const decided = given(...history).when(correct('SRV-9', { cover, chargeable: true }));
    const recorded = corrected('SRV-9', {
      coverage: judged('not-covered', 0, 'SRV-9'),
      chargeableBookings: [{ bookingId: 'B1', chargeable: true }],
    });
    decided.then(recorded);
    expect(given(...history, recorded).state).toMatchObject({
      item: { serialNumber: 'SRV-9' },
      coverage: { verdict: 'not-covered', serialNumber: 'SRV-9' },
      bookings: { B1: { chargeable: true } },
    });
  });

  it('asks no confirmation for the work of a call taken on as not covered, confirmed chargeable when it was logged', () => {
    const history = [...takenOn(judged('not-covered', 0)), remote20];
    const cover = { contract: acme2026(srv1Line), equipment: null, depotUnits: new Map() };
    given(...history)
      .when(correct('SRV-9', { cover }))
      .then(corrected('SRV-9', { coverage: judged('not-covered', 0, 'SRV-9') }));
  });

  it('leaves what billing priced alone once the call is invoiced', () => {
    const cover = { contract: acme2026(srv1Line), equipment: null, depotUnits: new Map() };
    given(...takenOn(coveredBySrv1Line))
      .when(
        correct('SRV-9', {
          cover,
          chargeable: true,
          invoiced: { status: 'issued', invoiceNumber: 'INV-2026-000007' },
        }),
      )
      .refuses(
        'AlreadyInvoiced',
        /INV-2026-000007\): its invoice was priced for serial number SRV-1\. Credit the invoice/,
      );
  });

  it('records no verdict when the corrected item is covered as before, or nothing was judged', () => {
    const cover = { contract: acme2026(srv1Line), equipment: null, depotUnits: new Map() };
    const installation = {
      type: 'CorrectCallDetails' as const,
      reason: 'Rack named',
      item: { installation: 'rack 4', item: 'server-x', serialNumber: 'SRV-1' },
      cover,
    };
    given(...takenOn(coveredBySrv1Line))
      .when(installation)
      .then({
        type: 'CallDetailsCorrected',
        data: { at, reason: 'Rack named', item: installation.item },
      });
    // A call logged without customer validation has no verdict to judge again.
    given(events.logged()).when(correct('SRV-9', { cover })).then(corrected('SRV-9'));
  });
});
