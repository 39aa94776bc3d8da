import { entryOf, strip } from '../shared/objects.js';
import type { CallEventData } from './events.js';
import { isTransferOpen, type Call, type Transfer } from './state.js';

export function withTransfer(call: Call, transferId: string, transfer: Transfer): Call {
  return {
    ...call,
    status: 'Transferred',
    transfers: { ...call.transfers, [transferId]: transfer },
  };
}

export function updateTransfer(call: Call, transferId: string, changes: Partial<Transfer>): Call {
  const transfer = entryOf(call.transfers, transferId);
  if (!transfer) return call;
  return {
    ...call,
    transfers: { ...call.transfers, [transferId]: { ...transfer, ...changes } as Transfer },
  };
}

/** Closing the last open transfer hands the call back to the first line: In Process. */
export function closeTransfer(
  call: Call,
  transferId: string,
  at: Date,
  changes: Partial<Transfer>,
): Call {
  const transfer = entryOf(call.transfers, transferId);
  const transfers = transfer
    ? { ...call.transfers, [transferId]: { ...transfer, ...changes, closedAt: at } as Transfer }
    : call.transfers;
  const handedBack =
    call.status === 'Transferred' && !Object.values(transfers).some(isTransferOpen);
  // One copy of the call, whatever changes.
  if (!transfer) return handedBack ? { ...call, status: 'InProcess' } : call;
  return handedBack ? { ...call, transfers, status: 'InProcess' } : { ...call, transfers };
}

/**
 * A call back from second line is dispatched as before it left (its group and engineer), so
 * filters by group or engineer find it again; unless someone dispatched it anew meanwhile.
 */
function backFromSecondLine(call: Call, transferId: string): Call {
  const transfer = entryOf(call.transfers, transferId);
  if (transfer?.kind !== 'second-line' || !transfer.returnTo) return call;
  const { supportCentre, ...rest } = call.dispatch;
  if (supportCentre !== transfer.supportCentre || Object.keys(rest).length > 0) return call;
  return { ...call, dispatch: transfer.returnTo };
}

export function transferredToSecondLine(
  call: Call,
  e: CallEventData<'TransferredToSecondLine'>,
): Call {
  const { transferId, at, supportCentre, reason } = e;
  const transfer: Transfer = {
    kind: 'second-line',
    status: 'open',
    openedAt: at,
    supportCentre,
    reason,
    returnTo: call.dispatch,
  };
  return {
    ...call,
    status: 'Transferred',
    transfers: { ...call.transfers, [transferId]: transfer },
    dispatch: { supportCentre },
  }; // one copy
}

export function secondLineReturned(call: Call, e: CallEventData<'SecondLineReturned'>): Call {
  return backFromSecondLine(
    closeTransfer(call, e.transferId, e.at, { status: 'returned', outcome: e.outcome }),
    e.transferId,
  );
}

export function transferCancelled(call: Call, e: CallEventData<'TransferCancelled'>): Call {
  return backFromSecondLine(
    closeTransfer(call, e.transferId, e.at, { status: 'cancelled' }),
    e.transferId,
  );
}

export function subcontractOrdered(call: Call, e: CallEventData<'SubcontractOrdered'>): Call {
  const { transferId, at, subcontractor, orderReference, agreedCost } = e;
  return withTransfer(call, transferId, {
    kind: 'subcontract',
    status: 'ordered',
    openedAt: at,
    subcontractor,
    orderReference,
    agreedCost,
  });
}

export function subcontractCompleted(call: Call, e: CallEventData<'SubcontractCompleted'>): Call {
  return closeTransfer(
    call,
    e.transferId,
    e.at,
    strip({ status: 'completed', actualCost: e.actualCost, report: e.report }),
  );
}
