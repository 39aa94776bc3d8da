import type { Actor } from '../shared/schema.js';
import type { CallCommandOf } from './commands.js';
import type { AppliedServiceLevels } from '../service-level/rules.js';
import type { Call, CallRef } from './state.js';
import { intakeModeOf } from './logging.js';

/**
 * Reopening a closed call logs a NEW call (A8) that carries the original's customer, item
 * and priority, is linked to it and flagged Bad Fix: the earlier solution did not hold.
 */
export function successorLogCall(
  original: Call,
  request: { readonly at: Date; readonly actor: Actor; readonly reason: string },
  successor: CallRef,
  serviceLevels: AppliedServiceLevels,
): CallCommandOf<'LogCall'> {
  return {
    type: 'LogCall',
    at: request.at,
    actor: request.actor,
    callId: successor.callId,
    number: successor.number,
    intake: { mode: intakeModeOf(request.actor.role), channel: original.intake.channel },
    reporter: original.reporter,
    subject: original.subject,
    item: original.item,
    ...(original.customerReference === undefined
      ? {}
      : { customerReference: original.customerReference }),
    description: `Reopened from ${original.number}: ${request.reason}`,
    ...(original.serviceLevel ? { priority: original.serviceLevel.priority } : {}),
    emergency: original.emergency,
    possibleDuplicates: [],
    serviceLevels,
    reopenedFrom: { callId: original.id, number: original.number },
    badFix: true,
  };
}
