import { strip } from '../shared/objects.js';
import type { CallEventData } from './events.js';
import type { Call, CallServiceLevel } from './state.js';

/** A (re-)rated call: its priority, targets and due dates, with its escalations afresh. */
export function prioritySet(call: Call, e: CallEventData<'PrioritySet'>): Call {
  const wall = (due: Date | undefined) => (due ? due.getTime() - call.reportedAt.getTime() : 0);
  const serviceLevel: CallServiceLevel = strip({
    priority: e.priority,
    actualPriority: e.actualPriority,
    factors: e.factors,
    ruleSetId: e.ruleSetId,
    version: e.version,
    source: e.source,
    calendar: e.calendar,
    // v1 events counted wall-clock time from the reported instant.
    responseAllowedMs: e.responseAllowedMs ?? wall(e.responseDueAt),
    resolutionAllowedMs: e.resolutionAllowedMs ?? wall(e.resolutionDueAt),
    responseDueAt: e.responseDueAt,
    resolutionDueAt: e.resolutionDueAt,
    pausedSince: call.serviceLevel?.pausedSince,
    // A re-rated call starts its escalation stages afresh against its new targets.
    escalations: {},
  });
  return { ...call, emergency: e.emergency, serviceLevel };
}

export function serviceLevelTargetsMoved(
  call: Call,
  e: CallEventData<'ServiceLevelTargetsMoved'>,
): Call {
  if (!call.serviceLevel) return call;
  const { responseDueAt, resolutionDueAt, ...level } = call.serviceLevel;
  return {
    ...call,
    serviceLevel: strip({
      ...level,
      responseDueAt: e.responseDueAt,
      resolutionDueAt: e.resolutionDueAt,
    }),
  };
}

export function serviceLevelEscalated(call: Call, e: CallEventData<'ServiceLevelEscalated'>): Call {
  if (!call.serviceLevel) return call;
  const { target, level, at, share } = e;
  return {
    ...call,
    serviceLevel: {
      ...call.serviceLevel,
      escalations: { ...call.serviceLevel.escalations, [`${target}-${level}`]: { at, share } },
    },
  };
}
