import { DomainError } from '../shared/errors.js';
import { decideBooking } from './bookings.js';
import { decideClosing } from './closing.js';
import type { CallCommand } from './commands.js';
import type { CallEvent } from './events.js';
import { decideHandling } from './handling.js';
import { decideIntake, logCall } from './intake.js';
import { ensureStatus, progressCommands } from './lifecycle.js';
import type { CallState } from './state.js';
import { decideTransfer } from './transfers.js';

/**
 * decide(command, state) → events. Pure: everything it needs (time, actor, the call
 * number, service-level policy) arrives in the command. A refusal is a thrown DomainError
 * and means nothing is recorded.
 */
export function decideCall(command: CallCommand, state: CallState): CallEvent[] {
  if (command.type === 'LogCall') {
    if (state !== null) {
      throw new DomainError('CallAlreadyLogged', `Call ${state.number} already exists`, { callId: state.id });
    }
    return logCall(command);
  }
  if (state === null) throw new DomainError('CallNotFound', `No call to ${command.type} on: it was never logged`);
  if (command.previousAt && command.at.getTime() < command.previousAt.getTime()) {
    // Service-level clocks, holds and the customer's log all read the history forward in time.
    throw new DomainError('OutOfOrder', `${command.type} dated ${command.at.toISOString()} comes before the last change to call ${state.number} (${command.previousAt.toISOString()})`, {
      at: command.at.toISOString(),
      previousAt: command.previousAt.toISOString(),
    });
  }
  ensureStatus(state, command.type);
  if (command.block && progressCommands.has(command.type)) {
    const { blockId, reason, from, until, note } = command.block;
    throw new DomainError(
      'CustomerBlocked',
      `Call ${state.number} cannot go on: the customer is blocked by ${blockId} (${reason}${note ? `: ${note}` : ''}) from ${from}${until ? ` until ${until}` : ' until further notice'}`,
      { blockId, reason, from, ...(until ? { until } : {}) },
    );
  }
  return (
    decideIntake(command, state) ??
    decideHandling(command, state) ??
    decideTransfer(command, state) ??
    decideBooking(command, state) ??
    decideClosing(command, state) ??
    unhandled(command)
  );
}

function unhandled(command: { type: string }): never {
  throw new Error(`No decision for command ${command.type}`);
}
