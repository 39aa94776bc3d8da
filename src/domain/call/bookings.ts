import { entryOf, strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { CallCommandOf } from './commands.js';
import type { CallEvent } from './events.js';
import { ensureKnownDestination } from '../organisation/organisation.js';
import { ensureKnownEngineer } from '../organisation/staff.js';
import { refuseForeignCurrency } from './currency.js';
import { refuseOnceInvoiced } from './invoiced.js';
import { refuseUnpricedMaterial } from './material-price.js';
import { nextId } from './ids.js';
import { coverOfWork, depotUnitOf, serviceOfWork } from './work-cover.js';
import type { Call } from './state.js';

const DAY_MS = 86_400_000;

export const bookingCommands = ['CancelBooking', 'BookTime', 'BookMaterial', 'BookCost'] as const;

/**
 * Time, material and cost booked on the call by engineer and group (C4): what billing
 * later prices and checks against warranty and contract. A booking is never edited; a
 * wrong one is cancelled with a reason and booked again.
 */
export function decideBooking(
  command: CallCommandOf<(typeof bookingCommands)[number]>,
  call: Call,
): CallEvent[] {
  // A proposal (held, say, by a dispute whose rework is booked) and "nothing to invoice" take bookings still.
  refuseOnceInvoiced(
    call,
    command.invoiced,
    'what is booked or cancelled now would never reach an invoice',
    'book and bill again',
  );
  if (command.type === 'CancelBooking') {
    const booking = entryOf(call.bookings, command.bookingId);
    if (!booking)
      throw new DomainError(
        'BookingNotFound',
        `Call ${call.number} has no booking ${command.bookingId}`,
      );
    if (booking.cancelled) {
      throw new DomainError(
        'BookingAlreadyCancelled',
        `Booking ${command.bookingId} of call ${call.number} was cancelled on ${booking.cancelled.at.toISOString()}`,
      );
    }
    return [
      {
        type: 'BookingCancelled',
        data: {
          at: command.at,
          bookingId: command.bookingId,
          by: command.actor.id,
          reason: command.reason,
        },
      },
    ];
  }
  const { at, actor } = command;
  if (command.transferId !== undefined && !entryOf(call.transfers, command.transferId)) {
    throw new DomainError(
      'TransferNotFound',
      `Call ${call.number} has no transfer ${command.transferId} to book against`,
    );
  }
  const today = command.today ?? at.toISOString().slice(0, 10);
  const workDate = command.workDate ?? today;
  if (workDate > today) {
    throw new DomainError(
      'BookingInFuture',
      `Work dated ${workDate} cannot be booked before it is done`,
    );
  }
  // No work for a call before it was reported. The day is the organisation's, the instant
  // UTC: a day's slack covers every time zone, and a date years off is a typing error that
  // billing would later price (or refuse) on a day with no price list.
  const earliest = new Date(call.reportedAt.getTime() - DAY_MS).toISOString().slice(0, 10);
  if (workDate < earliest) {
    throw new DomainError(
      'BookingBeforeCall',
      `Work dated ${workDate} is before call ${call.number} was reported (${call.reportedAt.toISOString()})`,
    );
  }
  ensureChargeableConfirmed(command, call, workDate);
  const common = {
    at,
    bookingId: nextId('B', call.bookings),
    by: actor.id,
    engineer: command.engineer ?? (actor.role === 'engineer' ? actor.id : call.dispatch.engineer),
    group: command.group ?? call.dispatch.group,
    workDate,
    note: command.note,
    transferId: command.transferId,
    chargeable: command.chargeable === true || undefined,
  };
  if (command.group !== undefined && command.organisation)
    ensureKnownDestination(command.organisation, { group: command.group });
  // Judged on the day the work was done: work before a retirement is still booked after it.
  if (command.engineer !== undefined && command.organisation)
    ensureKnownEngineer(command.organisation, command.engineer, command.engineerRecord, workDate);
  switch (command.type) {
    case 'BookTime':
      refuseOverbookedDay(call, common.engineer, workDate, command.minutes);
      return [
        {
          type: 'TimeBooked',
          data: strip({ ...common, labourType: command.labourType, minutes: command.minutes }),
        },
      ];
    case 'BookMaterial':
      refuseUnpricedMaterial(call, command.item, workDate, command.prices);
      return [
        {
          type: 'MaterialBooked',
          data: strip({
            ...common,
            item: command.item,
            serialNumber: command.serialNumber,
            quantity: command.quantity,
          }),
        },
      ];
    case 'BookCost':
      refuseForeignCurrency(call, command.amount.currency, command.billingCurrency);
      refuseSubcontractCostOnOrder(call, command.category, command.transferId);
      return [
        {
          type: 'CostBooked',
          data: strip({
            ...common,
            category: command.category,
            description: command.description,
            amount: command.amount,
          }),
        },
      ];
  }
}

/**
 * B4: uncovered work is not served silently. On a call taken on as covered (by its contract or
 * a warranty, wholly or in part), work that billing will find covered by nothing on its day —
 * the contract ended or was terminated, the line ended, the labour is of a service the line
 * does not cover — is booked only as chargeable work, confirmed (`chargeable: true`).
 */
function ensureChargeableConfirmed(
  command: CallCommandOf<'BookTime' | 'BookMaterial' | 'BookCost'>,
  call: Call,
  workDate: string,
): void {
  const { cover: sources } = command;
  if (command.chargeable === true || !sources || !call.coverage) return;
  if (call.coverage.verdict === 'not-covered') return; // the customer agreed to pay it all when it was logged
  const labour = command.type === 'BookTime' ? command.labourType : undefined;
  const service = serviceOfWork(call, labour, command.transferId);
  const cover = coverOfWork(
    { call, ...sources },
    workDate,
    service,
    depotUnitOf(call, command.transferId),
  );
  if (cover.basis !== 'no-contract' && cover.basis !== 'not-covered') return;
  const contractId = call.contractId ?? call.coverage.contractId;
  throw new DomainError(
    'ChargeableWorkNotConfirmed',
    cover.basis === 'no-contract'
      ? `Call ${call.number} was taken on under contract ${contractId}, which does not run on ${workDate}: this work is the customer's to pay. Book it as chargeable work (chargeable: true), or not at all`
      : `Contract ${contractId} does not cover ${service} for call ${call.number} on ${workDate}: this work is the customer's to pay. Book it as chargeable work (chargeable: true), or not at all`,
    { workDate, service, contractId, basis: cover.basis },
  );
}

/** Billing prices a subcontract order from its actual cost: the same invoice booked on it would be billed twice. */
function refuseSubcontractCostOnOrder(
  call: Call,
  category: string,
  transferId: string | undefined,
): void {
  if (category !== 'subcontract' || transferId === undefined) return;
  const transfer = entryOf(call.transfers, transferId);
  if (transfer?.kind !== 'subcontract') return;
  throw new DomainError(
    'SubcontractCostOnOrder',
    `Subcontract ${transferId} (${transfer.subcontractor}, ${transfer.orderReference}) of call ${call.number} is billed from its actual cost, with its margin: record that cost with CompleteSubcontract, not as a cost booked on the order`,
    { transferId },
  );
}

const MINUTES_A_DAY = 24 * 60;

/** One person's time on a call, on one day, is at most the day: more is a typing error billing would charge. */
function refuseOverbookedDay(
  call: Call,
  engineer: string | undefined,
  workDate: string,
  minutes: number,
): void {
  let booked = 0;
  for (const booking of Object.values(call.bookings))
    if (
      booking.kind === 'time' &&
      !booking.cancelled &&
      booking.workDate === workDate &&
      booking.engineer === engineer
    )
      booked += booking.minutes;
  if (booked + minutes > MINUTES_A_DAY)
    throw new DomainError(
      'DayOverbooked',
      `${engineer ?? 'No engineer'} already has ${booked} minutes booked on call ${call.number} for ${workDate}: ${minutes} more would make more than a day`,
      { workDate, booked, minutes, ...(engineer ? { engineer } : {}) },
    );
}
