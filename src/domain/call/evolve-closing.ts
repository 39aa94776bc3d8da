import { strip } from '../shared/objects.js';
import type { CallEventData } from './events.js';
import { endHold } from './evolve-work.js';
import type { Call } from './state.js';

export function callResolved(call: Call, e: CallEventData<'CallResolved'>): Call {
  const { at, by, solution } = e;
  return {
    ...endHold(call, at),
    status: 'Solved',
    resolution: { at, by, solution },
    respondedAt: call.respondedAt ?? at,
  };
}

export function solutionAccepted(call: Call, e: CallEventData<'SolutionAccepted'>): Call {
  const { at, by, note } = e;
  return { ...call, status: 'Accepted', acceptance: strip({ at, by, note }) };
}

/** A rejected solution is dropped: the call is back in process, marked as a bad fix. */
export function solutionRejected(call: Call): Call {
  const { resolution: _rejected, ...rest } = call;
  return { ...rest, status: 'InProcess', badFix: true, rejections: call.rejections + 1 };
}

export function callClosed(call: Call, e: CallEventData<'CallClosed'>): Call {
  return { ...call, status: 'Closed', closure: { at: e.at, by: e.by, cancelled: false } };
}

export function callCancelled(call: Call, e: CallEventData<'CallCancelled'>): Call {
  const { at, by, reason } = e;
  return { ...endHold(call, at), status: 'Closed', closure: { at, by, cancelled: true, reason } };
}

export function callReopened(call: Call, e: CallEventData<'CallReopened'>): Call {
  const { successor } = e;
  return { ...call, reopenedAs: { ...call.reopenedAs, [successor.callId]: successor } };
}
