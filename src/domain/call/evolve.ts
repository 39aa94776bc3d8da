import { strip } from '../shared/objects.js';
import type { CallEvent } from './events.js';
import { nextId } from './ids.js';
import {
  assignedDispatch,
  isTransferOpen,
  type Booking,
  type CallServiceLevel,
  type Call,
  type CallState,
  type CallStatus,
  type Transfer,
} from './state.js';

/**
 * evolve(state, event) → state. Pure and total: it trusts the event (the decider already
 * checked the rules when the event was recorded) and never throws for a known event.
 */
export function evolveCall(state: CallState, event: CallEvent): CallState {
  if (event.type === 'CallLogged') {
    const e = event.data;
    return {
      id: e.callId,
      number: e.number,
      status: 'Registered',
      emergency: e.emergency,
      badFix: e.badFix,
      intake: e.intake,
      reportedAt: e.reportedAt,
      loggedAt: e.at,
      reporter: e.reporter,
      subject: e.subject,
      item: e.item,
      ...(e.customerReference === undefined ? {} : { customerReference: e.customerReference }),
      description: e.description,
      possibleDuplicates: e.possibleDuplicates,
      followUps: {},
      notes: {},
      diagnosis: {},
      dispatch: {},
      transfers: {},
      bookings: {},
      rejections: 0,
      holds: {},
      acknowledgements: {},
      ...(e.reopenedFrom ? { reopenedFrom: e.reopenedFrom } : {}),
      reopenedAs: {},
    };
  }
  if (state === null) return state; // nothing but CallLogged can start a call
  const call = state;
  switch (event.type) {
    case 'FollowUpAdded': {
      const { followUpId, at, by, text } = event.data;
      return { ...call, followUps: { ...call.followUps, [followUpId]: { at, by, text } } };
    }
    case 'InternalNoteAdded': {
      const { noteId, at, by, text } = event.data;
      return { ...call, notes: { ...call.notes, [noteId]: { at, by, text } } };
    }
    case 'CallDetailsCorrected': {
      const { description, customerReference, reporter, item } = event.data;
      return {
        ...call,
        ...(description === undefined ? {} : { description }),
        ...(customerReference === undefined ? {} : { customerReference }),
        ...(reporter === undefined ? {} : { reporter }),
        ...(item === undefined ? {} : { item }),
      };
    }
    case 'CallEvaluated': {
      const { at, by, category, impact, urgency, summary } = event.data;
      return { ...call, evaluation: strip({ at, by, category, impact, urgency, summary }) };
    }
    case 'PrioritySet': {
      const e = event.data;
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
    case 'ServiceLevelTargetsMoved': {
      if (!call.serviceLevel) return call;
      const { responseDueAt, resolutionDueAt, ...level } = call.serviceLevel;
      return {
        ...call,
        serviceLevel: strip({
          ...level,
          responseDueAt: event.data.responseDueAt,
          resolutionDueAt: event.data.resolutionDueAt,
        }),
      };
    }
    case 'ServiceLevelEscalated': {
      if (!call.serviceLevel) return call;
      const { target, level, at } = event.data;
      return {
        ...call,
        serviceLevel: {
          ...call.serviceLevel,
          escalations: { ...call.serviceLevel.escalations, [`${target}-${level}`]: at },
        },
      };
    }
    case 'CallAssigned': {
      const dispatch = assignedDispatch(call.dispatch, event.data);
      const status: CallStatus =
        call.status === 'Registered' ||
        (call.status === 'InProcess' && dispatch.engineer !== call.dispatch.engineer)
          ? 'Assigned'
          : call.status;
      return { ...call, status, dispatch };
    }
    case 'CallAcknowledged': {
      const { notificationId, at, channel, to } = event.data;
      return {
        ...call,
        acknowledgements: { ...call.acknowledgements, [notificationId]: { at, channel, to } },
      };
    }
    case 'CoverageDetermined':
      return { ...call, coverage: event.data.coverage, contractId: event.data.coverage.contractId };
    case 'ContractChanged':
      return { ...call, contractId: event.data.contractId };
    case 'CallClassified': {
      const { purpose, product } = event.data;
      return { ...call, purpose, ...(product === undefined ? {} : { product }) };
    }
    case 'WorkStarted':
      return {
        ...call,
        status: 'InProcess',
        dispatch: { ...call.dispatch, engineer: event.data.engineer },
        respondedAt: call.respondedAt ?? event.data.at,
      };
    case 'DiagnosisRecorded': {
      const { at, symptom, cause, solution } = event.data;
      return {
        ...call,
        diagnosis: strip({ ...call.diagnosis, ...strip({ symptom, cause, solution }) }),
        respondedAt: call.respondedAt ?? at,
      };
    }
    case 'CallPutOnHold': {
      const { at, reason } = event.data;
      const kind = event.data.kind ?? 'other';
      const holdId = event.data.holdId ?? nextId('H', call.holds);
      const pausesClock = event.data.pausesClock ?? false;
      const serviceLevel =
        pausesClock && call.serviceLevel
          ? { serviceLevel: { ...call.serviceLevel, pausedSince: at } }
          : {};
      return {
        ...call,
        ...serviceLevel,
        onHold: { since: at, reason, kind, holdId },
        holds: { ...call.holds, [holdId]: { from: at, kind, reason, pausesClock } },
      };
    }
    case 'CallReleasedFromHold':
      return endHold(call, event.data.at);
    case 'TransferredToSecondLine': {
      const { transferId, at, supportCentre, reason } = event.data;
      const transfer: Transfer = {
        kind: 'second-line',
        status: 'open',
        openedAt: at,
        supportCentre,
        reason,
        returnTo: call.dispatch,
      };
      return {
        ...call,
        status: 'Transferred',
        transfers: { ...call.transfers, [transferId]: transfer },
        dispatch: { supportCentre },
      }; // one copy
    }
    case 'SecondLineReturned':
      return backFromSecondLine(
        closeTransfer(call, event.data.transferId, event.data.at, {
          status: 'returned',
          outcome: event.data.outcome,
        }),
        event.data.transferId,
      );
    case 'OnSiteVisitScheduled': {
      const { transferId, at, engineer, siteId, plannedStart, plannedEnd } = event.data;
      return withTransfer(
        call,
        transferId,
        strip({
          kind: 'on-site',
          status: 'scheduled',
          openedAt: at,
          engineer,
          siteId,
          plannedStart,
          plannedEnd,
        }),
      );
    }
    case 'OnSiteVisitRescheduled': {
      const { transferId, plannedStart, plannedEnd } = event.data;
      return updateTransfer(call, transferId, { plannedStart, plannedEnd });
    }
    case 'OnSiteVisitStarted': {
      const updated = updateTransfer(call, event.data.transferId, {
        status: 'started',
        actualStart: event.data.at,
      });
      return { ...updated, respondedAt: call.respondedAt ?? event.data.at };
    }
    case 'OnSiteVisitCompleted':
      return closeTransfer(call, event.data.transferId, event.data.at, {
        status: 'completed',
        actualEnd: event.data.at,
        report: event.data.report,
      });
    case 'RmaAuthorised': {
      const { transferId, at, rmaNumber, depot, item, serialNumber } = event.data;
      return withTransfer(
        call,
        transferId,
        strip({
          kind: 'depot-repair',
          status: 'authorised',
          openedAt: at,
          rmaNumber,
          depot,
          item,
          serialNumber,
        }),
      );
    }
    case 'RmaItemReceived':
      return updateTransfer(call, event.data.transferId, {
        status: 'received',
        receivedAt: event.data.at,
      });
    case 'RmaItemRepaired':
      return updateTransfer(call, event.data.transferId, {
        status: 'repaired',
        repairedAt: event.data.at,
        repairReport: event.data.report,
      });
    case 'RmaItemShipped':
      return closeTransfer(
        call,
        event.data.transferId,
        event.data.at,
        strip({
          status: 'shipped',
          shippedAt: event.data.at,
          trackingNumber: event.data.trackingNumber,
        }),
      );
    case 'SubcontractOrdered': {
      const { transferId, at, subcontractor, orderReference, agreedCost } = event.data;
      return withTransfer(call, transferId, {
        kind: 'subcontract',
        status: 'ordered',
        openedAt: at,
        subcontractor,
        orderReference,
        agreedCost,
      });
    }
    case 'SubcontractCompleted':
      return closeTransfer(
        call,
        event.data.transferId,
        event.data.at,
        strip({
          status: 'completed',
          actualCost: event.data.actualCost,
          report: event.data.report,
        }),
      );
    case 'TransferCancelled':
      return backFromSecondLine(
        closeTransfer(call, event.data.transferId, event.data.at, { status: 'cancelled' }),
        event.data.transferId,
      );
    case 'TimeBooked': {
      const {
        bookingId,
        at,
        by,
        engineer,
        group,
        workDate,
        note,
        transferId,
        labourType,
        minutes,
      } = event.data;
      return withBooking(
        call,
        bookingId,
        strip({
          kind: 'time',
          bookedAt: at,
          bookedBy: by,
          engineer,
          group,
          workDate,
          note,
          transferId,
          labourType,
          minutes,
        }),
      );
    }
    case 'MaterialBooked': {
      const {
        bookingId,
        at,
        by,
        engineer,
        group,
        workDate,
        note,
        transferId,
        item,
        serialNumber,
        quantity,
      } = event.data;
      return withBooking(
        call,
        bookingId,
        strip({
          kind: 'material',
          bookedAt: at,
          bookedBy: by,
          engineer,
          group,
          workDate,
          note,
          transferId,
          item,
          serialNumber,
          quantity,
        }),
      );
    }
    case 'CostBooked': {
      const {
        bookingId,
        at,
        by,
        engineer,
        group,
        workDate,
        note,
        transferId,
        category,
        description,
        amount,
      } = event.data;
      return withBooking(
        call,
        bookingId,
        strip({
          kind: 'cost',
          bookedAt: at,
          bookedBy: by,
          engineer,
          group,
          workDate,
          note,
          transferId,
          category,
          description,
          amount,
        }),
      );
    }
    case 'BookingCancelled': {
      const { bookingId, at, by, reason } = event.data;
      const booking = call.bookings[bookingId];
      if (!booking) return call;
      return withBooking(call, bookingId, { ...booking, cancelled: { at, by, reason } });
    }
    case 'CallResolved': {
      const { at, by, solution } = event.data;
      return {
        ...endHold(call, at),
        status: 'Solved',
        resolution: { at, by, solution },
        respondedAt: call.respondedAt ?? at,
      };
    }
    case 'SolutionAccepted': {
      const { at, by, note } = event.data;
      return { ...call, status: 'Accepted', acceptance: strip({ at, by, note }) };
    }
    case 'SolutionRejected': {
      const { resolution: _rejected, ...rest } = call;
      return { ...rest, status: 'InProcess', badFix: true, rejections: call.rejections + 1 };
    }
    case 'CallClosed':
      return {
        ...call,
        status: 'Closed',
        closure: { at: event.data.at, by: event.data.by, cancelled: false },
      };
    case 'CallCancelled': {
      const { at, by, reason } = event.data;
      return {
        ...endHold(call, at),
        status: 'Closed',
        closure: { at, by, cancelled: true, reason },
      };
    }
    case 'CallArchived':
      return { ...call, status: 'Archived', archivedAt: event.data.at };
    case 'CallReopened': {
      const { successor } = event.data;
      return { ...call, reopenedAs: { ...call.reopenedAs, [successor.callId]: successor } };
    }
  }
}

/** Ends the current hold, if any: the hold stays in history with its end. */
function endHold(call: Call, at: Date): Call {
  if (!call.onHold) return call; // before copying the rest: most calls end with no hold
  const { onHold, ...rest } = call;
  const hold = call.holds[onHold.holdId];
  const holds = hold ? { ...call.holds, [onHold.holdId]: { ...hold, to: at } } : call.holds;
  if (!call.serviceLevel?.pausedSince) return { ...rest, holds };
  const { pausedSince: _resumed, ...serviceLevel } = call.serviceLevel;
  return { ...rest, holds, serviceLevel };
}

function withTransfer(call: Call, transferId: string, transfer: Transfer): Call {
  return {
    ...call,
    status: 'Transferred',
    transfers: { ...call.transfers, [transferId]: transfer },
  };
}

function updateTransfer(call: Call, transferId: string, changes: Partial<Transfer>): Call {
  const transfer = call.transfers[transferId];
  if (!transfer) return call;
  return {
    ...call,
    transfers: { ...call.transfers, [transferId]: { ...transfer, ...changes } as Transfer },
  };
}

/** Closing the last open transfer hands the call back to the first line: In Process. */
/**
 * A call back from second line is dispatched as before it left (its group and engineer), so
 * filters by group or engineer find it again; unless someone dispatched it anew meanwhile.
 */
function backFromSecondLine(call: Call, transferId: string): Call {
  const transfer = call.transfers[transferId];
  if (transfer?.kind !== 'second-line' || !transfer.returnTo) return call;
  const { supportCentre, ...rest } = call.dispatch;
  if (supportCentre !== transfer.supportCentre || Object.keys(rest).length > 0) return call;
  return { ...call, dispatch: transfer.returnTo };
}

function closeTransfer(call: Call, transferId: string, at: Date, changes: Partial<Transfer>): Call {
  const transfer = call.transfers[transferId];
  const transfers = transfer
    ? { ...call.transfers, [transferId]: { ...transfer, ...changes, closedAt: at } as Transfer }
    : call.transfers;
  const handedBack =
    call.status === 'Transferred' && !Object.values(transfers).some(isTransferOpen);
  // One copy of the call, whatever changes.
  if (!transfer) return handedBack ? { ...call, status: 'InProcess' } : call;
  return handedBack ? { ...call, transfers, status: 'InProcess' } : { ...call, transfers };
}

function withBooking(call: Call, bookingId: string, booking: Booking): Call {
  return { ...call, bookings: { ...call.bookings, [bookingId]: booking } };
}
