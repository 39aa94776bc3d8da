import type { Call, LabourType, TransferKind } from './state.js';
import type { Contract, Service } from '../contract/state.js';
import type { EquipmentState } from '../equipment/state.js';
import { isUnderWarranty, placementOn } from '../equipment/state.js';
import { coverageFor, type Coverage } from '../intake/coverage.js';
import { DomainError } from '../shared/errors.js';
import { entryOf } from '../shared/objects.js';

/**
 * What covers one piece of work on its day, as billing judges it (D2): the equipment's
 * warranty (running that day, or on the day the call was reported), a line of the contract
 * the call is charged to, or nothing. Bookings ask the same question when they are made (B4:
 * uncovered work is never served silently).
 */
export type WorkCover =
  | { readonly basis: 'warranty'; readonly warrantyUntil?: string }
  | { readonly basis: 'no-contract'; readonly contractId?: string }
  | { readonly basis: 'not-covered'; readonly contractId: string }
  | {
      readonly basis: 'contract';
      readonly contractId: string;
      readonly lineId: string;
      readonly coverage: Coverage;
    };

/** The call, the contract it is charged to (C4) as master data knows it now, and its equipment. */
export interface WorkCoverContext {
  readonly call: Call;
  readonly contract: Contract | null;
  readonly equipment: EquipmentState;
  /**
   * The units sent in for depot repair under serial numbers of their own (not the call's), as
   * master data knows them: their warranty and cover apply to the work on them.
   */
  readonly depotUnits?: ReadonlyMap<string, EquipmentState>;
}

/** The serial number of the unit a depot repair took in, when it is another than the call's. */
export function depotUnitOf(call: Call, transferId: string | undefined): string | undefined {
  const transfer = transferId === undefined ? undefined : entryOf(call.transfers, transferId);
  return transfer?.kind === 'depot-repair' &&
    transfer.serialNumber !== undefined &&
    transfer.serialNumber !== call.item.serialNumber
    ? transfer.serialNumber
    : undefined;
}

const serviceOfLabour: Readonly<Record<LabourType, Service>> = {
  remote: 'remote-support',
  'on-site': 'on-site-repair',
  travel: 'on-site-repair',
  depot: 'depot-repair',
};

const serviceOfTransfer: Partial<Record<TransferKind, Service>> = {
  'on-site': 'on-site-repair',
  'depot-repair': 'depot-repair',
};

/**
 * The service a booking is work of, as coverage judges it: labour by its type; material and
 * costs by the visit or depot repair they were booked on (a part fitted on a visit is on-site
 * work, whatever the call asked for), else by the call's.
 */
export function serviceOfWork(
  call: Call,
  labourType: LabourType | undefined,
  transferId?: string,
): Service {
  if (labourType !== undefined) return serviceOfLabour[labourType];
  const transfer = transferId === undefined ? undefined : entryOf(call.transfers, transferId);
  return (
    (transfer && serviceOfTransfer[transfer.kind]) ?? call.coverage?.service ?? 'remote-support'
  );
}

/** `unit`: the serial number of a unit sent in for depot repair, when the work was on it. */
export function coverOfWork(
  context: WorkCoverContext,
  day: string,
  service: Service,
  unit?: string,
): WorkCover {
  const { call, contract } = context;
  // Work on a unit sent in for repair is judged on that unit: its warranty, its cover.
  const equipment = unit ? (context.depotUnits?.get(unit) ?? null) : context.equipment;
  const serialNumber = unit ?? call.item.serialNumber;
  const item = unit ? (equipment?.item ?? call.item.item) : call.item.item;
  if (equipment && warrantyCovers(call, equipment, day))
    return {
      basis: 'warranty',
      ...(equipment.warrantyUntil ? { warrantyUntil: equipment.warrantyUntil } : {}),
    };
  if (!contract || call.subject.kind !== 'customer') return { basis: 'no-contract' };
  let coverage;
  try {
    coverage = coverageFor(call.subject.customerId, [contract], equipment, {
      day,
      service,
      ...(call.subject.siteId ? { siteId: call.subject.siteId } : {}),
      ...(item ? { item } : {}),
      ...(serialNumber ? { serialNumber } : {}),
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NoActiveContract')
      return { basis: 'no-contract', contractId: contract.id };
    throw error;
  }
  if (coverage.verdict === 'not-covered' || !coverage.lineId)
    return { basis: 'not-covered', contractId: contract.id };
  return { basis: 'contract', contractId: contract.id, lineId: coverage.lineId, coverage };
}

/**
 * The warranty covers work on a day it runs, and work on a defect claimed while it ran: a
 * call reported in time is repaired under warranty also after the warranty's last day (the
 * claim, not the repair, must fall within it).
 */
function warrantyCovers(call: Call, equipment: NonNullable<EquipmentState>, day: string): boolean {
  if (isUnderWarranty(equipment, day) && warrantsFor(call, equipment, day)) return true;
  const claimed = call.coverage?.day;
  return (
    claimed !== undefined &&
    claimed < day &&
    isUnderWarranty(equipment, claimed) &&
    warrantsFor(call, equipment, claimed)
  );
}

/** The warranty is the owner's: it covers a customer's call only on equipment placed with that customer on the day. */
function warrantsFor(call: Call, equipment: NonNullable<EquipmentState>, day: string): boolean {
  if (call.subject.kind !== 'customer') return true;
  return placementOn(equipment, day)?.customerId === call.subject.customerId;
}

/**
 * The live bookings not yet confirmed as chargeable whose work nothing would cover under
 * `context` on their day (B4): what charging the call to another contract, or correcting its
 * item, would make the customer's to pay. None on a call taken on as not covered: its work
 * was confirmed as chargeable when it was logged.
 */
export function uncoveredBookings(context: WorkCoverContext): string[] {
  const { call } = context;
  if (!call.coverage || call.coverage.verdict === 'not-covered') return [];
  const uncovered: string[] = [];
  for (const [bookingId, booking] of Object.entries(call.bookings)) {
    if (booking.cancelled || booking.chargeable) continue;
    const labour = booking.kind === 'time' ? booking.labourType : undefined;
    const service = serviceOfWork(call, labour, booking.transferId);
    const unit = depotUnitOf(call, booking.transferId);
    const cover = coverOfWork(context, booking.workDate, service, unit);
    if (cover.basis === 'no-contract' || cover.basis === 'not-covered') uncovered.push(bookingId);
  }
  return uncovered;
}
