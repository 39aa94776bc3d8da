import fc from 'fast-check';
import { staff } from './pipeline.js';

const transferId = fc.constantFrom('T1', 'T2', 'T3');
const bookingId = fc.constantFrom('B1', 'B2', 'B3');
const words = fc.constantFrom(
  'No POST',
  'Fan noise',
  'Replaced PSU',
  'Waiting for parts',
  'Firmware 2.1',
);
const actor = fc.constantFrom(staff.ann, staff.eve, staff.sam);
const eur = (max: number) =>
  fc.integer({ min: 1, max }).map((amount) => ({ amount, currency: 'EUR' }));

/**
 * Any command a call may receive after it was logged, with plausible values. Many are
 * refused in most states: that is the point: refusals must never break an invariant.
 */
export const callAction = fc.oneof(
  fc.record({ type: fc.constant('AddFollowUp'), text: words, actor: fc.constant(staff.carl) }),
  fc.record({ type: fc.constant('AddInternalNote'), text: words, actor }),
  fc.record({ type: fc.constant('EvaluateCall'), category: words, actor }),
  fc.record(
    {
      type: fc.constant('ClassifyCall'),
      purpose: fc.constantFrom('printing', 'network'),
      product: fc.constantFrom('copier-mx5', 'router-7'),
      actor,
    },
    { requiredKeys: ['type', 'purpose', 'actor'] },
  ),
  fc.record({
    type: fc.constant('SetPriority'),
    priority: fc.integer({ min: 1, max: 5 }),
    emergency: fc.boolean(),
    actor: fc.constant(staff.sam),
  }),
  fc.record({
    type: fc.constant('AssignCall'),
    engineer: fc.constantFrom('eve', 'bob'),
    group: fc.constantFrom('l1', 'l2'),
    actor: fc.constant(staff.ann),
  }),
  fc.record({ type: fc.constant('StartWork'), actor: fc.constant(staff.eve) }),
  fc.record({ type: fc.constant('RecordDiagnosis'), symptom: words, cause: words, actor }),
  fc.record({ type: fc.constant('PutOnHold'), reason: words, actor }),
  fc.record({ type: fc.constant('ReleaseHold'), actor }),
  fc.record({
    type: fc.constant('TransferToSecondLine'),
    supportCentre: fc.constant('experts'),
    reason: words,
    actor,
  }),
  fc.record({ type: fc.constant('ReturnFromSecondLine'), transferId, outcome: words, actor }),
  fc.record({
    type: fc.constant('ScheduleOnSiteVisit'),
    engineer: fc.constant('eve'),
    plannedStart: fc.constant('2026-11-24T09:00:00Z'),
    plannedEnd: fc.constant('2026-11-24T11:00:00Z'),
    actor,
  }),
  fc.record({ type: fc.constant('StartOnSiteVisit'), transferId, actor }),
  fc.record({ type: fc.constant('CompleteOnSiteVisit'), transferId, report: words, actor }),
  fc.record({ type: fc.constant('AuthoriseRma'), depot: fc.constant('depot-lyon'), actor }),
  fc.record({ type: fc.constant('ReceiveRmaItem'), transferId, actor }),
  fc.record({ type: fc.constant('RecordRmaRepair'), transferId, report: words, actor }),
  fc.record({ type: fc.constant('ShipRmaItem'), transferId, actor }),
  fc.record({
    type: fc.constant('OrderSubcontract'),
    subcontractor: fc.constant('fixit'),
    orderReference: fc.constant('PO-1'),
    agreedCost: eur(100_000),
    actor,
  }),
  fc.record({
    type: fc.constant('CompleteSubcontract'),
    transferId,
    actualCost: eur(100_000),
    actor,
  }),
  fc.record({ type: fc.constant('CancelTransfer'), transferId, reason: words, actor }),
  fc.record({
    type: fc.constant('BookTime'),
    labourType: fc.constantFrom('remote', 'on-site', 'depot', 'travel'),
    minutes: fc.integer({ min: 1, max: 480 }),
    actor: fc.constant(staff.eve),
  }),
  fc.record({
    type: fc.constant('BookMaterial'),
    item: fc.constant('psu'),
    quantity: fc.integer({ min: 1, max: 5 }),
    actor: fc.constant(staff.eve),
  }),
  fc.record({
    type: fc.constant('BookCost'),
    category: fc.constant('expense'),
    description: words,
    amount: eur(10_000),
    actor: fc.constant(staff.eve),
  }),
  fc.record({
    type: fc.constant('CancelBooking'),
    bookingId,
    reason: words,
    actor: fc.constant(staff.sam),
  }),
  fc.record({ type: fc.constant('ResolveCall'), solution: words, actor: fc.constant(staff.eve) }),
  fc.record({ type: fc.constant('AcceptSolution'), actor: fc.constant(staff.carl) }),
  fc.record({ type: fc.constant('RejectSolution'), reason: words, actor: fc.constant(staff.carl) }),
  fc.record({ type: fc.constant('CloseCall'), actor: fc.constant(staff.ann) }),
  fc.record({ type: fc.constant('CancelCall'), reason: words, actor: fc.constant(staff.ann) }),
  fc.record({ type: fc.constant('ArchiveCall'), actor: fc.constant(staff.sam) }),
  fc.record({ type: fc.constant('ReopenCall'), reason: words, actor: fc.constant(staff.carl) }),
);

export type CallAction = typeof callAction extends fc.Arbitrary<infer A> ? A : never;
