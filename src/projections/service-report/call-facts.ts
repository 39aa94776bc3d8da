import {
  assignedDispatch,
  type CallEvent,
  type CallStatus,
  type Dispatch,
} from '../../domain/index.js';
import type { Document } from '../types.js';

/**
 * What the service report remembers of one call: enough to move its counts when it
 * changes (the week it was reported in, its purpose and status, who handles it) and no
 * more. Status and dispatch follow the call's evolve (src/domain/call/evolve.ts); a test
 * checks them against the calls projection on a demo history.
 */
export interface CallFacts extends Document {
  callId: string;
  /** The week the customer reported the call in. */
  week: string;
  purpose: string | null;
  status: CallStatus;
  cancelled: boolean;
  dispatch: Dispatch;
  /** Transfers still open: a call is Transferred while one is. */
  transfers: OpenTransfer[];
  /** Counted once each, in the week first recorded. */
  atRisk: boolean;
  breached: boolean;
  /** Time bookings not cancelled: [booking id, week of the work date, minutes]. */
  bookings: Array<[string, string, number]>;
}

export interface OpenTransfer {
  id: string;
  kind: string;
  /** Second line: where the call went, and the dispatch it had before. */
  supportCentre?: string;
  returnTo?: Dispatch;
}

/** The statuses the report counts by: Closed splits into closed and cancelled. */
export const reportStatuses = [
  'Registered',
  'Assigned',
  'InProcess',
  'Transferred',
  'Solved',
  'Accepted',
  'Closed',
  'Cancelled',
  'Archived',
] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const statusOf = (facts: Pick<CallFacts, 'status' | 'cancelled'>): ReportStatus =>
  facts.cancelled && facts.status === 'Closed' ? 'Cancelled' : facts.status;

/** The event types that move a call's status or dispatch. */
export const statusEventTypes = [
  'CallAssigned',
  'WorkStarted',
  'TransferredToSecondLine',
  'OnSiteVisitScheduled',
  'RmaAuthorised',
  'SubcontractOrdered',
  'SecondLineReturned',
  'TransferCancelled',
  'OnSiteVisitCompleted',
  'RmaItemShipped',
  'SubcontractCompleted',
  'CallResolved',
  'SolutionAccepted',
  'SolutionRejected',
  'CallClosed',
  'CallCancelled',
  'CallArchived',
] as const;

const opened = (facts: CallFacts, transfer: OpenTransfer): CallFacts => ({
  ...facts,
  status: 'Transferred',
  transfers: [...facts.transfers, transfer],
});

/** Closing the last open transfer hands the call back to the first line: In Process. */
function closed(facts: CallFacts, transferId: string, backFromSecondLine: boolean): CallFacts {
  const transfer = facts.transfers.find((t) => t.id === transferId);
  const transfers = facts.transfers.filter((t) => t.id !== transferId);
  const status =
    facts.status === 'Transferred' && transfers.length === 0 ? 'InProcess' : facts.status;
  let dispatch = facts.dispatch;
  // Back from second line as dispatched before it left, unless someone dispatched it anew meanwhile.
  if (backFromSecondLine && transfer?.kind === 'second-line' && transfer.returnTo) {
    const { supportCentre, ...rest } = facts.dispatch;
    if (supportCentre === transfer.supportCentre && Object.keys(rest).length === 0)
      dispatch = transfer.returnTo;
  }
  return { ...facts, status, transfers, dispatch };
}

/** The facts after one of `statusEventTypes` (others leave them as they are). */
export function evolveFacts(facts: CallFacts, event: CallEvent): CallFacts {
  switch (event.type) {
    case 'CallAssigned': {
      const { supportCentre, group, engineer, owner } = event.data;
      const dispatch = assignedDispatch(
        facts.dispatch,
        strip({ supportCentre, group, engineer, owner }),
      );
      const reassigned =
        facts.status === 'Registered' ||
        (facts.status === 'InProcess' && dispatch.engineer !== facts.dispatch.engineer);
      return {
        ...facts,
        status: reassigned ? 'Assigned' : facts.status,
        dispatch: { ...dispatch },
      };
    }
    case 'WorkStarted':
      return {
        ...facts,
        status: 'InProcess',
        dispatch: { ...facts.dispatch, engineer: event.data.engineer },
      };
    case 'TransferredToSecondLine': {
      const { transferId, supportCentre } = event.data;
      return {
        ...opened(facts, {
          id: transferId,
          kind: 'second-line',
          supportCentre,
          returnTo: facts.dispatch,
        }),
        dispatch: { supportCentre },
      };
    }
    case 'OnSiteVisitScheduled':
      return opened(facts, { id: event.data.transferId, kind: 'on-site' });
    case 'RmaAuthorised':
      return opened(facts, { id: event.data.transferId, kind: 'depot-repair' });
    case 'SubcontractOrdered':
      return opened(facts, { id: event.data.transferId, kind: 'subcontract' });
    case 'SecondLineReturned':
    case 'TransferCancelled':
      return closed(facts, event.data.transferId, true);
    case 'OnSiteVisitCompleted':
    case 'RmaItemShipped':
    case 'SubcontractCompleted':
      return closed(facts, event.data.transferId, false);
    case 'CallResolved':
      return { ...facts, status: 'Solved' };
    case 'SolutionAccepted':
      return { ...facts, status: 'Accepted' };
    case 'SolutionRejected':
      return { ...facts, status: 'InProcess' };
    case 'CallClosed':
      return { ...facts, status: 'Closed', cancelled: false };
    case 'CallCancelled':
      return { ...facts, status: 'Closed', cancelled: true };
    case 'CallArchived':
      return { ...facts, status: 'Archived' };
    default:
      return facts;
  }
}

/**
 * Who the report counts a call's service-level escalation against: its group, or its
 * support centre while second line has it.
 */
export function handlerOf(dispatch: Dispatch): string {
  if (dispatch.group) return dispatch.group;
  if (dispatch.supportCentre) return `${dispatch.supportCentre} (support centre)`;
  return '(unassigned)';
}

function strip<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = member;
  return out as T;
}
