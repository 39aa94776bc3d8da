import type { CallEvent } from './events.js';
import {
  bookingCancelled,
  contractChanged,
  costBooked,
  materialBooked,
  timeBooked,
} from './evolve-bookings.js';
import {
  callCancelled,
  callClosed,
  callReopened,
  callResolved,
  solutionAccepted,
  solutionRejected,
} from './evolve-closing.js';
import {
  onSiteVisitCompleted,
  onSiteVisitRescheduled,
  onSiteVisitScheduled,
  onSiteVisitStarted,
  rmaAuthorised,
  rmaItemReceived,
  rmaItemRepaired,
  rmaItemShipped,
} from './evolve-field-work.js';
import {
  callAcknowledged,
  callClassified,
  callDetailsCorrected,
  callEvaluated,
  callLogged,
  coverageDetermined,
  followUpAdded,
  internalNoteAdded,
} from './evolve-intake.js';
import {
  prioritySet,
  serviceLevelEscalated,
  serviceLevelTargetsMoved,
} from './evolve-service-level.js';
import {
  secondLineReturned,
  subcontractCompleted,
  subcontractOrdered,
  transferCancelled,
  transferredToSecondLine,
} from './evolve-transfers.js';
import {
  callAssigned,
  callPutOnHold,
  diagnosisRecorded,
  endHold,
  workStarted,
} from './evolve-work.js';
import type { CallState } from './state.js';
import { attachmentsAdded, evolveAttachment } from './attachments.js';

/**
 * evolve(state, event) → state. Pure and total: it trusts the event (the decider already
 * checked the rules when the event was recorded) and never throws for a known event.
 * One switch on the event's type (the hot path: no lookups), each case a named step kept
 * beside the others of its phase: intake, service levels, work, transfers, bookings, closing.
 */
export function evolveCall(state: CallState, event: CallEvent): CallState {
  if (event.type === 'CallLogged') {
    const { attachments, at } = event.data;
    return attachmentsAdded(callLogged(event.data), attachments, at, 'call');
  }
  if (state === null) return state; // nothing but CallLogged can start a call
  const call = state;
  switch (event.type) {
    case 'FollowUpAdded': {
      const { attachments, at, by, followUpId } = event.data;
      return attachmentsAdded(followUpAdded(call, event.data), attachments, at, 'follow-up', {
        by,
        sourceId: followUpId,
      });
    }
    case 'InternalNoteAdded':
      return internalNoteAdded(call, event.data);
    case 'CallDetailsCorrected':
      return callDetailsCorrected(call, event.data);
    case 'CallEvaluated':
      return callEvaluated(call, event.data);
    case 'PrioritySet':
      return prioritySet(call, event.data);
    case 'ServiceLevelTargetsMoved':
      return serviceLevelTargetsMoved(call, event.data);
    case 'ServiceLevelEscalated':
      return serviceLevelEscalated(call, event.data);
    case 'CallAssigned':
      return callAssigned(call, event.data);
    case 'CallRouted':
      return { ...call, routing: event.data };
    case 'CallAcknowledged':
      return callAcknowledged(call, event.data);
    case 'CoverageDetermined':
      return coverageDetermined(call, event.data);
    case 'ContractChanged':
      return contractChanged(call, event.data);
    case 'CallClassified':
      return callClassified(call, event.data);
    case 'WorkStarted':
      return workStarted(call, event.data);
    case 'DiagnosisRecorded': {
      const next = diagnosisRecorded(call, event.data);
      return attachmentsAdded(next, event.data.attachments, event.data.at, 'diagnosis');
    }
    case 'CallPutOnHold':
      return callPutOnHold(call, event.data);
    case 'CallReleasedFromHold':
      return endHold(call, event.data.at);
    case 'TransferredToSecondLine':
      return transferredToSecondLine(call, event.data);
    case 'SecondLineReturned':
      return secondLineReturned(call, event.data);
    case 'OnSiteVisitScheduled':
      return onSiteVisitScheduled(call, event.data);
    case 'OnSiteVisitRescheduled':
      return onSiteVisitRescheduled(call, event.data);
    case 'OnSiteVisitStarted':
      return onSiteVisitStarted(call, event.data);
    case 'OnSiteVisitCompleted': {
      const { attachments, at, transferId } = event.data;
      return attachmentsAdded(
        onSiteVisitCompleted(call, event.data),
        attachments,
        at,
        'on-site-visit',
        {
          sourceId: transferId,
        },
      );
    }
    case 'RmaAuthorised':
      return rmaAuthorised(call, event.data);
    case 'RmaItemReceived':
      return rmaItemReceived(call, event.data);
    case 'RmaItemRepaired':
      return rmaItemRepaired(call, event.data);
    case 'RmaItemShipped':
      return rmaItemShipped(call, event.data);
    case 'SubcontractOrdered':
      return subcontractOrdered(call, event.data);
    case 'SubcontractCompleted':
      return subcontractCompleted(call, event.data);
    case 'TransferCancelled':
      return transferCancelled(call, event.data);
    case 'TimeBooked':
      return timeBooked(call, event.data);
    case 'MaterialBooked':
      return materialBooked(call, event.data);
    case 'CostBooked':
      return costBooked(call, event.data);
    case 'BookingCancelled':
      return bookingCancelled(call, event.data);
    case 'CallResolved':
      return callResolved(call, event.data);
    case 'SolutionAccepted':
      return solutionAccepted(call, event.data);
    case 'SolutionRejected':
      return solutionRejected(call);
    case 'CallClosed':
      return callClosed(call, event.data);
    case 'CallCancelled':
      return callCancelled(call, event.data);
    case 'CallArchived':
      return { ...call, status: 'Archived', archivedAt: event.data.at };
    case 'CallReopened':
      return callReopened(call, event.data);
    case 'AttachmentAdded':
    case 'AttachmentVisibilityChanged':
    case 'AttachmentWithdrawn':
      return evolveAttachment(call, event);
  }
}
