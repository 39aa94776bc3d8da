import type { CallEvent, EscalationLevel, InvoiceEvent, TargetKind } from '../../domain/index.js';
import type { Documents, ProjectedEvent, Projection } from '../types.js';
import {
  evolveFacts,
  handlerOf,
  reportStatuses,
  statusEventTypes,
  statusOf,
  type CallFacts,
  type ReportStatus,
} from './call-facts.js';
import { billedParts, noSplit, sameParts, waivedParts } from './billed-work.js';
import {
  SERVICE_REPORT_PROJECTION,
  TOTALS_KEY,
  weekKey,
  ZONE_KEY,
  noEscalations,
  type BilledDocument,
  type BilledPart,
  type CoverageSplit,
  type GroupWeekDocument,
  type PurposeWeekDocument,
  type TotalsDocument,
  type WeekDocument,
  type WorkWeekDocument,
} from './documents.js';
import { weekOfDay, weekOfInstant } from './weeks.js';

type CountField = 'reported' | 'closed' | 'cancelled' | 'atRisk' | 'breached' | 'bookedMinutes';
type Counts = Record<CountField, number>;
const noCounts = (): Counts => ({
  reported: 0,
  closed: 0,
  cancelled: 0,
  atRisk: 0,
  breached: 0,
  bookedMinutes: 0,
});
const noStatuses = (): Record<ReportStatus, number> =>
  Object.fromEntries(reportStatuses.map((s) => [s, 0])) as Record<ReportStatus, number>;
const UNCLASSIFIED = '(unclassified)';

const escalationTypes = ['ServiceLevelEscalated'];
const bookingTypes = ['TimeBooked', 'BookingCancelled'];
const billingTypes = ['InvoiceProposed', 'NothingToInvoice', 'InvoiceCredited'];

/**
 * The service report's read model (issue 19, item 12): weekly documents kept up to date
 * event by event, so a report of any weeks reads those weeks through an index, whatever
 * the store's size; never the calls. Weeks start on Monday in the organisation's zone as
 * recorded when each event was folded (a later SetTimeZone moves later events only).
 */
export const serviceReportProjection: Projection = {
  name: SERVICE_REPORT_PROJECTION,
  // 2: the waived share (goodwill credit notes) in the work documents; 3: escalations by
  // target and level in the week documents.
  version: 3,
  // Holds no personal value: forgetting a person changes nothing in it.
  forgetting: { rebuildFor: [] },
  collections: {
    calls: {},
    billed: {},
    settings: {},
    totals: {},
    weeks: { indexes: ['week'] },
    purposes: { indexes: ['week'] },
    groups: { indexes: ['week'] },
    work: { indexes: ['week'] },
  },
  eventTypes: new Set([
    'TimeZoneSet',
    'CallLogged',
    'CallClassified',
    ...statusEventTypes,
    ...escalationTypes,
    ...bookingTypes,
    ...billingTypes,
  ]),
  apply({ event, streamName }: ProjectedEvent, documents: Documents): void {
    if (event.type === 'TimeZoneSet') {
      documents.put('settings', ZONE_KEY, {
        timeZone: (event.data as { timeZone: string }).timeZone,
      });
      return;
    }
    if (billingTypes.includes(event.type))
      return billed(documents, streamName.slice('invoice-'.length), event as InvoiceEvent);
    if (!streamName.startsWith('call-')) return;
    const callId = streamName.slice('call-'.length);
    const call = event as CallEvent;
    if (call.type === 'CallLogged') return logged(documents, callId, call.data.reportedAt);
    const facts = documents.get<CallFacts>('calls', callId);
    if (!facts) return; // a call this fold never saw start cannot be: its stream begins with CallLogged
    const after = changed(documents, facts, call);
    if (after !== facts) documents.put('calls', callId, after);
  },
};

function zoneOf(documents: Documents): string {
  return documents.get<{ timeZone: string }>('settings', ZONE_KEY)?.timeZone ?? 'UTC';
}

function logged(documents: Documents, callId: string, reportedAt: Date): void {
  const week = weekOfInstant(zoneOf(documents), reportedAt);
  const facts: CallFacts = {
    callId,
    week,
    purpose: null,
    status: 'Registered',
    cancelled: false,
    dispatch: {},
    transfers: [],
    atRisk: false,
    breached: false,
    bookings: [],
  };
  documents.put('calls', callId, facts);
  count(documents, week, { reported: 1 });
  countStatus(documents, week, null, 'Registered', 1);
  countTotal(documents, week, 'reported');
}

/** The totals over all weeks, and the first and last week the backlog moved in. */
function countTotal(
  documents: Documents,
  week: string,
  field: 'reported' | 'closed' | 'cancelled',
): void {
  const totals = documents.get<TotalsDocument>('totals', TOTALS_KEY) ?? {
    reported: 0,
    closed: 0,
    cancelled: 0,
    firstWeek: null,
    lastWeek: null,
  };
  documents.put('totals', TOTALS_KEY, {
    ...totals,
    [field]: totals[field] + 1,
    firstWeek: totals.firstWeek === null || week < totals.firstWeek ? week : totals.firstWeek,
    lastWeek: totals.lastWeek === null || week > totals.lastWeek ? week : totals.lastWeek,
  } satisfies TotalsDocument);
}

/** The call's facts after an event, its counts moved. */
function changed(documents: Documents, facts: CallFacts, event: CallEvent): CallFacts {
  switch (event.type) {
    case 'CallClassified': {
      if (event.data.purpose === facts.purpose) return facts;
      countStatus(documents, facts.week, facts.purpose, statusOf(facts), -1);
      countStatus(documents, facts.week, event.data.purpose, statusOf(facts), 1);
      return { ...facts, purpose: event.data.purpose };
    }
    case 'ServiceLevelEscalated': {
      const week = weekOfInstant(zoneOf(documents), event.data.at);
      countEscalation(documents, week, event.data.target, event.data.level);
      const breach = event.data.level !== 'warning';
      if (breach ? facts.breached : facts.atRisk) return facts;
      count(documents, week, breach ? { breached: 1 } : { atRisk: 1 });
      const group = handlerOf(facts.dispatch);
      const key = weekKey(week, group);
      const before = documents.get<GroupWeekDocument>('groups', key) ?? {
        week,
        group,
        atRisk: 0,
        breached: 0,
      };
      documents.put(
        'groups',
        key,
        breach
          ? { ...before, breached: before.breached + 1 }
          : { ...before, atRisk: before.atRisk + 1 },
      );
      return breach ? { ...facts, breached: true } : { ...facts, atRisk: true };
    }
    case 'TimeBooked': {
      const week = weekOfDay(event.data.workDate);
      count(documents, week, { bookedMinutes: event.data.minutes });
      return {
        ...facts,
        bookings: [...facts.bookings, [event.data.bookingId, week, event.data.minutes]],
      };
    }
    case 'BookingCancelled': {
      const booking = facts.bookings.find(([id]) => id === event.data.bookingId);
      if (!booking) return facts; // a material or cost booking: no time to take back
      count(documents, booking[1], { bookedMinutes: -booking[2] });
      return { ...facts, bookings: facts.bookings.filter(([id]) => id !== event.data.bookingId) };
    }
    default: {
      const after = evolveFacts(facts, event);
      if (after === facts) return facts;
      const [was, is] = [statusOf(facts), statusOf(after)];
      if (was !== is) {
        countStatus(documents, facts.week, facts.purpose, was, -1);
        countStatus(documents, facts.week, facts.purpose, is, 1);
      }
      if (event.type === 'CallClosed' || event.type === 'CallCancelled') {
        const field = event.type === 'CallCancelled' ? 'cancelled' : 'closed';
        const week = weekOfInstant(zoneOf(documents), event.data.at);
        count(documents, week, { [field]: 1 });
        countTotal(documents, week, field);
      }
      return after;
    }
  }
}

function count(documents: Documents, week: string, change: Partial<Counts>): void {
  const before = documents.get<WeekDocument>('weeks', week) ?? { week, ...noCounts() };
  const after: WeekDocument = { ...before };
  for (const [field, by] of Object.entries(change) as Array<[CountField, number]>)
    after[field] += by;
  documents.put('weeks', week, after);
}

function countEscalation(
  documents: Documents,
  week: string,
  target: TargetKind,
  level: EscalationLevel,
): void {
  const before = documents.get<WeekDocument>('weeks', week) ?? { week, ...noCounts() };
  const escalations = before.escalations ?? noEscalations();
  const after: WeekDocument = {
    ...before,
    escalations: {
      ...escalations,
      [target]: { ...escalations[target], [level]: escalations[target][level] + 1 },
    },
  };
  documents.put('weeks', week, after);
}

function countStatus(
  documents: Documents,
  week: string,
  purpose: string | null,
  status: ReportStatus,
  by: number,
): void {
  const key = weekKey(week, purpose ?? UNCLASSIFIED);
  const before = documents.get<PurposeWeekDocument>('purposes', key) ?? {
    week,
    purpose,
    statuses: noStatuses(),
  };
  const statuses = { ...before.statuses, [status]: before.statuses[status] + by };
  if (Object.values(statuses).every((n) => n === 0)) documents.delete('purposes', key);
  else documents.put('purposes', key, { ...before, statuses });
}

/**
 * A billing proposal (or nothing to invoice) replaces what the call's last one added to the
 * weeks; a goodwill credit moves its chargeable share to waived. A credit that corrects
 * leaves the weeks alone: the call's next proposal replaces them.
 */
function billed(documents: Documents, callId: string, event: InvoiceEvent): void {
  const before = documents.get<BilledDocument>('billed', callId)?.parts ?? [];
  const parts =
    event.type === 'InvoiceProposed' || event.type === 'NothingToInvoice'
      ? billedParts(event.data.lines, event.data.currency)
      : event.type === 'InvoiceCredited' && event.data.waived
        ? waivedParts(before)
        : before;
  if (sameParts(before, parts)) return;
  for (const part of before) addWork(documents, part, -1);
  for (const part of parts) addWork(documents, part, 1);
  documents.put('billed', callId, { callId, parts } satisfies BilledDocument);
}

function addWork(documents: Documents, part: BilledPart, sign: 1 | -1): void {
  const key = weekKey(part.week, part.currency);
  const before = documents.get<WorkWeekDocument>('work', key) ?? {
    week: part.week,
    currency: part.currency,
    minutes: noSplit(),
    amount: noSplit(),
  };
  const add = (a: CoverageSplit, b: CoverageSplit): CoverageSplit => ({
    warranty: a.warranty + sign * b.warranty,
    contract: a.contract + sign * b.contract,
    chargeable: a.chargeable + sign * b.chargeable,
    waived: a.waived + sign * b.waived,
  });
  const after = {
    ...before,
    minutes: add(before.minutes, part.minutes),
    amount: add(before.amount, part.amount),
  };
  const empty =
    Object.values(after.minutes).every((n) => n === 0) &&
    Object.values(after.amount).every((n) => n === 0);
  if (empty) documents.delete('work', key);
  else documents.put('work', key, after);
}
