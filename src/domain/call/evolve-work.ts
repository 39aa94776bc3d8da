import { entryOf, strip } from '../shared/objects.js';
import type { CallEventData } from './events.js';
import { nextId } from './ids.js';
import { assignedDispatch, type Call, type CallServiceLevel, type CallStatus } from './state.js';

export function callAssigned(call: Call, e: CallEventData<'CallAssigned'>): Call {
  const dispatch = assignedDispatch(call.dispatch, e);
  const status: CallStatus =
    call.status === 'Registered' ||
    (call.status === 'InProcess' && dispatch.engineer !== call.dispatch.engineer)
      ? 'Assigned'
      : call.status;
  return { ...call, status, dispatch };
}

export function workStarted(call: Call, e: CallEventData<'WorkStarted'>): Call {
  return {
    ...call,
    status: 'InProcess',
    dispatch: { ...call.dispatch, engineer: e.engineer },
    respondedAt: call.respondedAt ?? e.at,
  };
}

export function diagnosisRecorded(call: Call, e: CallEventData<'DiagnosisRecorded'>): Call {
  const { at, symptom, cause, solution } = e;
  const codes = e.codes ? { ...call.diagnosis.codes, ...strip(e.codes) } : call.diagnosis.codes;
  return {
    ...call,
    diagnosis: strip({ ...call.diagnosis, ...strip({ symptom, cause, solution }), codes }),
    respondedAt: call.respondedAt ?? at,
  };
}

export function callPutOnHold(call: Call, e: CallEventData<'CallPutOnHold'>): Call {
  const { at, reason } = e;
  const kind = e.kind ?? 'other';
  const holdId = e.holdId ?? nextId('H', call.holds);
  const pausesClock = e.pausesClock ?? false;
  const serviceLevel =
    pausesClock && call.serviceLevel ? { serviceLevel: pausedLevel(call.serviceLevel, at) } : {};
  return {
    ...call,
    ...serviceLevel,
    onHold: { since: at, reason, kind, holdId },
    holds: { ...call.holds, [holdId]: { from: at, kind, reason, pausesClock } },
  };
}

/**
 * The clock stops at `at`: a target still running then has no due instant until it resumes
 * (ServiceLevelTargetsMoved gives it one), as targetsFor answers for an open pause; a target
 * that fell due before keeps the instant it fell due.
 */
function pausedLevel(level: CallServiceLevel, at: Date): CallServiceLevel {
  const { responseDueAt, resolutionDueAt, ...rest } = level;
  const passed = (due: Date | undefined) =>
    due !== undefined && due.getTime() <= at.getTime() ? due : undefined;
  return strip({
    ...rest,
    responseDueAt: passed(responseDueAt),
    resolutionDueAt: passed(resolutionDueAt),
    pausedSince: at,
  });
}

/** Ends the current hold, if any: the hold stays in history with its end. */
export function endHold(call: Call, at: Date): Call {
  if (!call.onHold) return call; // before copying the rest: most calls end with no hold
  const { onHold, ...rest } = call;
  const hold = entryOf(call.holds, onHold.holdId);
  const holds = hold ? { ...call.holds, [onHold.holdId]: { ...hold, to: at } } : call.holds;
  if (!call.serviceLevel?.pausedSince) return { ...rest, holds };
  const { pausedSince: _resumed, ...serviceLevel } = call.serviceLevel;
  return { ...rest, holds, serviceLevel };
}
