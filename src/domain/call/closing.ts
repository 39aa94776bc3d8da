import { strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { CallCommandOf } from './commands.js';
import type { CallEvent } from './events.js';
import { openTransfers, type Call } from './state.js';

export const closingCommands = [
  'ResolveCall',
  'AcceptSolution',
  'RejectSolution',
  'CloseCall',
  'CancelCall',
  'ArchiveCall',
  'ReopenCall',
] as const;

/** Resolution (D1), acceptance (D3), closing, cancelling, history (D5) and reopening (A8). */
export function decideClosing(
  command: CallCommandOf<(typeof closingCommands)[number]>,
  call: Call,
): CallEvent[] {
  const { at, actor } = command;
  switch (command.type) {
    case 'ResolveCall': {
      ensureNotOnHold(call, 'resolve');
      const open = openTransfers(call);
      const blocking = open.filter(([, t]) => t.kind !== 'second-line');
      if (blocking.length > 0) {
        throw new DomainError(
          'OpenTransfers',
          `Call ${call.number} cannot be resolved while ${blocking.map(([id, t]) => `${t.kind} ${id} is ${t.status}`).join(', ')}`,
          { transfers: blocking.map(([id]) => id) },
        );
      }
      // Second line solving the call ends its transfer with the solution.
      const returned: CallEvent[] = open.map(([transferId]) => ({
        type: 'SecondLineReturned',
        data: { at, transferId, outcome: `Solved: ${command.solution}` },
      }));
      return [
        ...returned,
        { type: 'CallResolved', data: { at, by: actor.id, solution: command.solution } },
      ];
    }
    case 'AcceptSolution':
      return [{ type: 'SolutionAccepted', data: strip({ at, by: actor.id, note: command.note }) }];
    case 'RejectSolution':
      return [{ type: 'SolutionRejected', data: { at, by: actor.id, reason: command.reason } }];
    case 'CloseCall':
      if (command.acceptanceRequired && call.status === 'Solved') {
        throw new DomainError(
          'AcceptanceRequired',
          `Call ${call.number} needs the customer's acceptance of the solution before it is closed`,
        );
      }
      return [{ type: 'CallClosed', data: { at, by: actor.id } }];
    case 'CancelCall': {
      const open = openTransfers(call);
      if (open.length > 0) {
        throw new DomainError(
          'OpenTransfers',
          `Call ${call.number} cannot be cancelled while transfers ${open.map(([id]) => id).join(', ')} are open`,
          {
            transfers: open.map(([id]) => id),
          },
        );
      }
      return [{ type: 'CallCancelled', data: { at, by: actor.id, reason: command.reason } }];
    }
    case 'ArchiveCall':
      return [{ type: 'CallArchived', data: { at } }];
    case 'ReopenCall': {
      const open = command.openSuccessor;
      // A8 makes one successor at a time: a second, beside one still open, would split the work.
      if (open)
        throw new DomainError(
          'AlreadyReopened',
          `Call ${call.number} was reopened as ${open.number}, which is still open (${open.status}): add what the customer says to ${open.number} (AddFollowUp), or reopen it once it is closed`,
          { successor: open.number, status: open.status },
        );
      return [
        {
          type: 'CallReopened',
          data: { at, by: actor.id, successor: command.successor, reason: command.reason },
        },
      ];
    }
  }
}

function ensureNotOnHold(call: Call, verb: string): void {
  if (call.onHold) {
    throw new DomainError(
      'CallOnHold',
      `Cannot ${verb} call ${call.number} while it is on hold (${call.onHold.reason}); release it first`,
    );
  }
}
