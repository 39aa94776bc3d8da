import { entryOf } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { CallCommand } from './commands.js';
import { isTransferOpen, type Call } from './state.js';
import { describe } from './transfers.js';

/** What each step on a named transfer does, as a sentence says it. */
const steps: Partial<Record<CallCommand['type'], string>> = {
  ReturnFromSecondLine: 'return',
  RescheduleOnSiteVisit: 'reschedule',
  StartOnSiteVisit: 'start',
  CompleteOnSiteVisit: 'complete',
  ReceiveRmaItem: 'receive the item of',
  RecordRmaRepair: 'record the repair of',
  ShipRmaItem: 'ship the item of',
  CompleteSubcontract: 'complete',
  CancelTransfer: 'cancel',
};

/**
 * A step on a transfer that has ended (a visit completed, an RMA shipped, a transfer
 * cancelled) is refused for what it is: judged by the call's status first, it read "the call
 * is InProcess; allowed when Transferred", which does not say why.
 */
export function refuseStepOnEndedTransfer(command: CallCommand, call: Call): void {
  const verb = steps[command.type];
  const transferId = 'transferId' in command ? command.transferId : undefined;
  if (verb === undefined || transferId === undefined) return;
  const transfer = entryOf(call.transfers, transferId);
  if (!transfer || isTransferOpen(transfer)) return;
  throw new DomainError(
    'TransferStepNotAllowed',
    `Cannot ${verb} ${describe(transfer)} ${transferId} of call ${call.number}: it is ${transfer.status}`,
    { transferId, status: transfer.status },
  );
}
