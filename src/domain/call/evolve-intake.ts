import { strip } from '../shared/objects.js';
import type { CallEventData } from './events.js';
import type { Call } from './state.js';
import { confirmedChargeable } from './evolve-bookings.js';

/** A call begins with its logging: everything it knows from then on starts empty. */
export function callLogged(e: CallEventData<'CallLogged'>): Call {
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
    ...(e.namedSiteId === undefined ? {} : { namedSiteId: e.namedSiteId }),
    ...(e.namedItem === undefined ? {} : { namedItem: e.namedItem }),
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

export function followUpAdded(call: Call, e: CallEventData<'FollowUpAdded'>): Call {
  const { followUpId, at, by, text, requestId } = e;
  const entry = requestId === undefined ? { at, by, text } : { at, by, text, requestId };
  return { ...call, followUps: { ...call.followUps, [followUpId]: entry } };
}

export function internalNoteAdded(call: Call, e: CallEventData<'InternalNoteAdded'>): Call {
  const { noteId, at, by, text } = e;
  return { ...call, notes: { ...call.notes, [noteId]: { at, by, text } } };
}

export function callDetailsCorrected(call: Call, e: CallEventData<'CallDetailsCorrected'>): Call {
  const { description, customerReference, reporter, item, coverage } = e;
  const next: Call = {
    ...call,
    ...(description === undefined ? {} : { description }),
    ...(customerReference === undefined ? {} : { customerReference }),
    ...(reporter === undefined ? {} : { reporter }),
    ...(item === undefined ? {} : { item }),
    ...(coverage === undefined ? {} : { coverage }),
  };
  return confirmedChargeable(next, e.chargeableBookings);
}

export function callEvaluated(call: Call, e: CallEventData<'CallEvaluated'>): Call {
  const { at, by, category, impact, urgency, summary } = e;
  return { ...call, evaluation: strip({ at, by, category, impact, urgency, summary }) };
}

export function callAcknowledged(call: Call, e: CallEventData<'CallAcknowledged'>): Call {
  const { notificationId, at, channel, to, customerId, contactId } = e;
  const contact = contactId === undefined ? {} : { customerId, contactId };
  return {
    ...call,
    acknowledgements: {
      ...call.acknowledgements,
      [notificationId]: { at, channel, to, ...contact },
    },
  };
}

export function coverageDetermined(call: Call, e: CallEventData<'CoverageDetermined'>): Call {
  return { ...call, coverage: e.coverage, contractId: e.coverage.contractId };
}

export function callClassified(call: Call, e: CallEventData<'CallClassified'>): Call {
  const { purpose, product } = e;
  return { ...call, purpose, ...(product === undefined ? {} : { product }) };
}
