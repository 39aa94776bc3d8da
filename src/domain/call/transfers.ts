import { cancelledBackTo, returnedTo } from './routing.js';
import { entryOf, strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { CallCommandOf } from './commands.js';
import type { CallEvent } from './events.js';
import { ensureKnownDestination, type Organisation } from '../organisation/organisation.js';
import { ensureReferencesExist } from '../customer/references.js';
import { refuseForeignCurrency } from './currency.js';
import { nextId } from './ids.js';
import { newAttachments } from './attachments.js';
import type { Conflict, VisitOverride } from '../agenda/schemas.js';
import { visitRefused, type VisitSlot } from '../agenda/conflicts.js';
import { ensureVisitLength } from '../agenda/streams.js';
import { ensureKnownEngineer } from '../organisation/staff.js';
import { isTransferOpen, type Call, type Transfer, type TransferKind } from './state.js';
import { secondLineReturned } from './evolve-transfers.js';

export const transferCommands = [
  'TransferToSecondLine',
  'ReturnFromSecondLine',
  'ScheduleOnSiteVisit',
  'RescheduleOnSiteVisit',
  'StartOnSiteVisit',
  'CompleteOnSiteVisit',
  'AuthoriseRma',
  'ReceiveRmaItem',
  'RecordRmaRepair',
  'ShipRmaItem',
  'OrderSubcontract',
  'CompleteSubcontract',
  'CancelTransfer',
] as const;

/**
 * Transfers when first line cannot solve the call (C3): second line, on-site service,
 * depot repair with an RMA, or a subcontractor. Each is a sub-process with its own steps.
 */
export function decideTransfer(
  command: CallCommandOf<(typeof transferCommands)[number]>,
  call: Call,
): CallEvent[] {
  const { at } = command;
  switch (command.type) {
    case 'TransferToSecondLine': {
      const open = Object.entries(call.transfers).find(
        ([, t]) => t.kind === 'second-line' && isTransferOpen(t),
      );
      if (open) {
        throw new DomainError(
          'TransferAlreadyOpen',
          `Call ${call.number} is already with second line ${(open[1] as { supportCentre: string }).supportCentre} (${open[0]})`,
        );
      }
      if (command.organisation) {
        ensureKnownDestination(command.organisation, { supportCentre: command.supportCentre });
        ensureBeyondFirstLine(command.organisation, command.supportCentre);
      }
      const transferId = nextId('T', call.transfers);
      return [
        {
          type: 'TransferredToSecondLine',
          data: { at, transferId, supportCentre: command.supportCentre, reason: command.reason },
        },
      ];
    }
    case 'ReturnFromSecondLine': {
      step(call, command.transferId, 'second-line', ['open'], 'return from second line');
      const returned = { at, transferId: command.transferId, outcome: command.outcome };
      // The call as the return leaves it: an engineer named alone joins the group it goes back to.
      const back = secondLineReturned(call, returned);
      return [{ type: 'SecondLineReturned', data: returned }, ...returnedTo(command, back)];
    }
    case 'ScheduleOnSiteVisit': {
      ensureVisitWindow(call, command.plannedStart, command.plannedEnd);
      const transferId = nextId('T', call.transfers);
      const { engineer, siteId, plannedStart, plannedEnd } = command;
      // Known, and on staff on the visit's day: no override sends someone who left or has not started.
      if (command.organisation)
        ensureKnownEngineer(command.organisation, engineer, command.engineerRecord, plannedStart);
      if (command.customer && call.subject.kind === 'customer')
        ensureReferencesExist(
          { customerId: call.subject.customerId, siteId },
          { customer: command.customer },
        );
      const override = overrideOf(command, engineer, {
        callId: call.id,
        start: plannedStart,
        end: plannedEnd,
      });
      return [
        {
          type: 'OnSiteVisitScheduled',
          data: strip({ at, transferId, engineer, siteId, plannedStart, plannedEnd, override }),
        },
      ];
    }
    case 'RescheduleOnSiteVisit': {
      const visit = step(call, command.transferId, 'on-site', ['scheduled'], 'reschedule');
      ensureVisitWindow(call, command.plannedStart, command.plannedEnd);
      const { transferId, plannedStart, plannedEnd, reason } = command;
      const engineer = visit.kind === 'on-site' ? visit.engineer : '';
      const override = overrideOf(command, engineer, {
        callId: call.id,
        transferId,
        start: plannedStart,
        end: plannedEnd,
      });
      return [
        {
          type: 'OnSiteVisitRescheduled',
          data: strip({ at, transferId, plannedStart, plannedEnd, reason, override }),
        },
      ];
    }
    case 'StartOnSiteVisit':
      step(call, command.transferId, 'on-site', ['scheduled'], 'start');
      return [{ type: 'OnSiteVisitStarted', data: { at, transferId: command.transferId } }];
    case 'CompleteOnSiteVisit':
      step(call, command.transferId, 'on-site', ['started'], 'complete');
      return [
        {
          type: 'OnSiteVisitCompleted',
          data: strip({
            at,
            transferId: command.transferId,
            report: command.report,
            attachments: newAttachments(call, command.attachments, command.actor),
          }),
        },
      ];
    case 'AuthoriseRma': {
      const transferId = nextId('T', call.transfers);
      const rmaNumber = command.rmaNumber ?? `RMA-${call.number}-${transferId}`;
      const item = command.item ?? call.item.item;
      const serialNumber = command.serialNumber ?? call.item.serialNumber;
      return [
        {
          type: 'RmaAuthorised',
          data: strip({ at, transferId, rmaNumber, depot: command.depot, item, serialNumber }),
        },
      ];
    }
    case 'ReceiveRmaItem':
      step(call, command.transferId, 'depot-repair', ['authorised'], 'receive the item of');
      return [{ type: 'RmaItemReceived', data: { at, transferId: command.transferId } }];
    case 'RecordRmaRepair':
      step(call, command.transferId, 'depot-repair', ['received'], 'record the repair of');
      return [
        {
          type: 'RmaItemRepaired',
          data: { at, transferId: command.transferId, report: command.report },
        },
      ];
    case 'ShipRmaItem':
      step(call, command.transferId, 'depot-repair', ['repaired'], 'ship back the item of');
      return [
        {
          type: 'RmaItemShipped',
          data: strip({
            at,
            transferId: command.transferId,
            trackingNumber: command.trackingNumber,
          }),
        },
      ];
    case 'OrderSubcontract': {
      const transferId = nextId('T', call.transfers);
      const { subcontractor, orderReference, agreedCost } = command;
      refuseForeignCurrency(call, agreedCost.currency, command.billingCurrency);
      return [
        {
          type: 'SubcontractOrdered',
          data: { at, transferId, subcontractor, orderReference, agreedCost },
        },
      ];
    }
    case 'CompleteSubcontract': {
      const transfer = step(call, command.transferId, 'subcontract', ['ordered'], 'complete');
      if (
        transfer.kind === 'subcontract' &&
        transfer.agreedCost.currency !== command.actualCost.currency
      ) {
        throw new DomainError(
          'CurrencyMismatch',
          `The subcontract was agreed in ${transfer.agreedCost.currency}, not ${command.actualCost.currency}`,
        );
      }
      const { transferId, actualCost, report } = command;
      return [
        { type: 'SubcontractCompleted', data: strip({ at, transferId, actualCost, report }) },
      ];
    }
    case 'CancelTransfer': {
      const transfer = findTransfer(call, command.transferId);
      const cancellable = cancellableFrom[transfer.kind];
      if (!cancellable.includes(transfer.status)) {
        throw new DomainError(
          'TransferStepNotAllowed',
          `Cannot cancel ${describe(transfer)} ${command.transferId} of call ${call.number}: it is ${transfer.status}; only when ${cancellable.join(' or ')}`,
          { transferId: command.transferId, status: transfer.status },
        );
      }
      return [
        {
          type: 'TransferCancelled',
          data: { at, transferId: command.transferId, reason: command.reason },
        },
        ...cancelledBackTo(command, call, transfer),
      ];
    }
  }
}

/** Once work is under way (a visit started, an item at the depot) it is finished, not cancelled. */
const cancellableFrom: Record<TransferKind, ReadonlyArray<Transfer['status']>> = {
  'second-line': ['open'],
  'on-site': ['scheduled'],
  'depot-repair': ['authorised'],
  subcontract: ['ordered'],
};

function findTransfer(call: Call, transferId: string): Transfer {
  const transfer = entryOf(call.transfers, transferId);
  if (!transfer) {
    throw new DomainError('TransferNotFound', `Call ${call.number} has no transfer ${transferId}`, {
      transferId,
      known: Object.keys(call.transfers),
    });
  }
  return transfer;
}

function step(
  call: Call,
  transferId: string,
  kind: TransferKind,
  from: ReadonlyArray<Transfer['status']>,
  verb: string,
): Transfer {
  const transfer = findTransfer(call, transferId);
  if (transfer.kind !== kind) {
    throw new DomainError(
      'TransferKindMismatch',
      `Transfer ${transferId} of call ${call.number} is a ${transfer.kind} transfer, not ${kind}`,
      {
        transferId,
        kind: transfer.kind,
      },
    );
  }
  if (!from.includes(transfer.status)) {
    throw new DomainError(
      'TransferStepNotAllowed',
      `Cannot ${verb} ${describe(transfer)} ${transferId} of call ${call.number}: it is ${transfer.status}; only when ${from.join(' or ')}`,
      { transferId, status: transfer.status, allowed: from },
    );
  }
  return transfer;
}

/** A transfer as a sentence names it: the on-site visit, RMA R-12, subcontract PO-4711. */
export function describe(transfer: Transfer): string {
  switch (transfer.kind) {
    case 'second-line':
      return 'the second-line transfer';
    case 'on-site':
      return 'the on-site visit';
    case 'depot-repair':
      return `RMA ${transfer.rmaNumber}`;
    case 'subcontract':
      return `subcontract ${transfer.orderReference}`;
  }
}

/**
 * A visit may not collide with the engineer's other visits, absences or time off (the
 * conflicts the pipeline found in their agenda), unless the command overrides with a
 * reason: then the override, with what was in the way, is recorded on the visit.
 */
function overrideOf(
  command: {
    readonly conflicts?: readonly Conflict[];
    readonly override?: { readonly reason: string };
  },
  engineer: string,
  visit: VisitSlot,
): VisitOverride | undefined {
  const conflicts = command.conflicts ?? [];
  if (conflicts.length === 0) return undefined;
  if (!command.override) throw visitRefused(engineer, visit, conflicts);
  return { reason: command.override.reason, conflicts: [...conflicts] };
}

/**
 * A visit's planned time, as the call allows it: ending after it starts, within the length
 * an agenda check can read (VisitTooLong), and not before the call was reported.
 */
function ensureVisitWindow(call: Call, start: Date, end: Date): void {
  if (end.getTime() <= start.getTime()) {
    throw new DomainError(
      'InvalidVisitWindow',
      `A visit must end after it starts (${start.toISOString()} – ${end.toISOString()})`,
    );
  }
  ensureVisitLength(start, end);
  // No visit for a call before it was reported: a date years off is a typing error that
  // would be booked into that week's agenda and announced to the customer.
  if (start.getTime() < call.reportedAt.getTime()) {
    throw new DomainError(
      'VisitBeforeCall',
      `A visit starting ${start.toISOString()} is before call ${call.number} was reported (${call.reportedAt.toISOString()})`,
      { start: start.toISOString(), reportedAt: call.reportedAt.toISOString() },
    );
  }
}

/** C3: second line is a centre of line second or expert; the first-line desk is where the call came from. */
function ensureBeyondFirstLine(organisation: Organisation, supportCentre: string): void {
  const centre = entryOf(organisation.supportCentres, supportCentre);
  if (centre?.line !== 'first') return;
  throw new DomainError(
    'NotSecondLine',
    `Support centre ${supportCentre} (${centre.name}) is first line: a call is transferred to second line at a centre of line second or expert`,
    { supportCentre, line: centre.line },
  );
}
