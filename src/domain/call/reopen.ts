import type { Coverage } from '../intake/coverage.js';
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
  request: {
    readonly at: Date;
    readonly actor: Actor;
    readonly reason: string;
    readonly chargeable?: boolean;
  },
  successor: CallRef,
  serviceLevels: AppliedServiceLevels,
  /** The successor's coverage, judged again as of the reopening (B1–B4); absent without customer validation. */
  coverage?: Coverage,
): CallCommandOf<'LogCall'> {
  const chargeable = request.chargeable ?? confirmedBefore(original.coverage, coverage);
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
    ...(coverage ? { coverage } : {}),
    ...(chargeable === undefined ? {} : { chargeable }),
  };
}

/**
 * The original's confirmation of chargeable work holds for its successor when the customer
 * pays no larger share of it now (B4); work that became chargeable since, or more of it
 * (its cover ended), is confirmed again, as for any new call.
 */
function confirmedBefore(
  original: Coverage | undefined,
  successor: Coverage | undefined,
): true | undefined {
  return original?.chargeable && successor && successor.share >= original.share ? true : undefined;
}
