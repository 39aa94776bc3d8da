import { entryOf, strip } from '../shared/objects.js';
import type { CallEventData } from './events.js';
import type { Call } from './state.js';
import { closeTransfer, updateTransfer, withTransfer } from './evolve-transfers.js';

/** On-site visits and depot repairs (RMA): transfers that take the work off the desk. */
export function onSiteVisitScheduled(call: Call, e: CallEventData<'OnSiteVisitScheduled'>): Call {
  const { transferId, at, engineer, siteId, plannedStart, plannedEnd, override } = e;
  return withTransfer(
    call,
    transferId,
    strip({
      kind: 'on-site',
      status: 'scheduled',
      openedAt: at,
      engineer,
      siteId,
      plannedStart,
      plannedEnd,
      override,
    }),
  );
}

export function onSiteVisitRescheduled(
  call: Call,
  e: CallEventData<'OnSiteVisitRescheduled'>,
): Call {
  const { transferId, plannedStart, plannedEnd, override } = e;
  const moved = updateTransfer(call, transferId, { plannedStart, plannedEnd });
  const visit = entryOf(moved.transfers, transferId);
  if (visit?.kind !== 'on-site') return moved;
  // The override a visit holds is the one of its latest booking: a move into free time drops it.
  const { override: _earlier, ...rest } = visit;
  return {
    ...moved,
    transfers: { ...moved.transfers, [transferId]: override ? { ...rest, override } : rest },
  };
}

export function onSiteVisitStarted(call: Call, e: CallEventData<'OnSiteVisitStarted'>): Call {
  const updated = updateTransfer(call, e.transferId, { status: 'started', actualStart: e.at });
  return { ...updated, respondedAt: call.respondedAt ?? e.at };
}

export function onSiteVisitCompleted(call: Call, e: CallEventData<'OnSiteVisitCompleted'>): Call {
  return closeTransfer(call, e.transferId, e.at, {
    status: 'completed',
    actualEnd: e.at,
    report: e.report,
  });
}

export function rmaAuthorised(call: Call, e: CallEventData<'RmaAuthorised'>): Call {
  const { transferId, at, rmaNumber, depot, item, serialNumber } = e;
  return withTransfer(
    call,
    transferId,
    strip({
      kind: 'depot-repair',
      status: 'authorised',
      openedAt: at,
      rmaNumber,
      depot,
      item,
      serialNumber,
    }),
  );
}

export function rmaItemReceived(call: Call, e: CallEventData<'RmaItemReceived'>): Call {
  return updateTransfer(call, e.transferId, { status: 'received', receivedAt: e.at });
}

export function rmaItemRepaired(call: Call, e: CallEventData<'RmaItemRepaired'>): Call {
  return updateTransfer(call, e.transferId, {
    status: 'repaired',
    repairedAt: e.at,
    repairReport: e.report,
  });
}

export function rmaItemShipped(call: Call, e: CallEventData<'RmaItemShipped'>): Call {
  return closeTransfer(
    call,
    e.transferId,
    e.at,
    strip({ status: 'shipped', shippedAt: e.at, trackingNumber: e.trackingNumber }),
  );
}
