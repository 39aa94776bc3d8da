import type { Decider } from '../shared/decider.js';
import { refuseOutOfOrder } from '../shared/time-order.js';
import { DomainError } from '../shared/errors.js';
import { attachmentCommands, decideAttachment } from './attachments.js';
import { bookingCommands, decideBooking } from './bookings.js';
import { closingCommands, decideClosing } from './closing.js';
import type { CallCommand, CallCommandOf, CallCommandType } from './commands.js';
import type { CallEvent } from './events.js';
import { evolveCall } from './evolve.js';
import { decideHandling, handlingCommands } from './handling.js';
import { decideDetails, detailCommands, logCall } from './logging.js';
import { ensureStatus, progressCommands } from './lifecycle.js';
import { refuseStepOnEndedTransfer } from './ended-transfers.js';
import { initialCallState, isOpenStatus, type CallState } from './state.js';
import { decideTransfer, transferCommands } from './transfers.js';

/**
 * decide(command, state) → events. Pure: everything it needs (time, actor, the call
 * number, service-level policy) arrives in the command. A refusal is a thrown DomainError
 * and means nothing is recorded.
 */
export function decideCall(command: CallCommand, state: CallState): CallEvent[] {
  if (command.type === 'LogCall') {
    if (state !== null) {
      throw new DomainError('CallAlreadyLogged', `Call ${state.number} already exists`, {
        callId: state.id,
      });
    }
    return logCall(command);
  }
  if (state === null)
    throw new DomainError('CallNotFound', `No call to ${command.type} on: it was never logged`);
  refuseOutOfOrder(command, `call ${state.number}`);
  // A closed call says "reopen it"; an open one with the named transfer ended says that.
  if (isOpenStatus(state.status)) refuseStepOnEndedTransfer(command, state);
  ensureStatus(state, command.type);
  if (command.block && progressCommands.has(command.type)) {
    const { blockId, reason, from, until, note } = command.block;
    throw new DomainError(
      'CustomerBlocked',
      `Call ${state.number} cannot go on: the customer is blocked by ${blockId} (${reason}${note ? `: ${note}` : ''}) from ${from}${until ? ` until ${until}` : ' until further notice'}`,
      { blockId, reason, from, ...(until ? { until } : {}) },
    );
  }
  // Each part of the call decides its own commands; what is left after them is never, so a
  // command type that no part takes is a compile error here, not a runtime surprise.
  if (isOneOf(command, details)) return decideDetails(command, state);
  if (isOneOf(command, handling)) return decideHandling(command, state);
  if (isOneOf(command, transfers)) return decideTransfer(command, state);
  if (isOneOf(command, bookings)) return decideBooking(command, state);
  if (isOneOf(command, closing)) return decideClosing(command, state);
  if (isOneOf(command, attachments)) return decideAttachment(command, state);
  return undecided(command);
}

const details: ReadonlySet<(typeof detailCommands)[number]> = new Set(detailCommands);
const handling: ReadonlySet<(typeof handlingCommands)[number]> = new Set(handlingCommands);
const transfers: ReadonlySet<(typeof transferCommands)[number]> = new Set(transferCommands);
const bookings: ReadonlySet<(typeof bookingCommands)[number]> = new Set(bookingCommands);
const closing: ReadonlySet<(typeof closingCommands)[number]> = new Set(closingCommands);
const attachments: ReadonlySet<(typeof attachmentCommands)[number]> = new Set(attachmentCommands);

function isOneOf<T extends CallCommandType>(
  command: CallCommand,
  types: ReadonlySet<T>,
): command is CallCommandOf<T> {
  return (types as ReadonlySet<string>).has(command.type);
}

function undecided(command: never): never {
  throw new Error(`No decision for command ${(command as { type: string }).type}`);
}

/** The call's rules as one value: a call starts as null (never logged). */
export const callDecider: Decider<CallState, CallCommand, CallEvent> = {
  initialState: initialCallState,
  decide: decideCall,
  evolve: evolveCall,
  settled: (state) => state !== null && !isOpenStatus(state.status),
};
