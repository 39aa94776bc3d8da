import { DomainError } from '../../domain/index.js';
import type { ReadModelStore } from '../types.js';
import { reportStatuses, type ReportStatus } from './call-facts.js';
import {
  SERVICE_REPORT_PROJECTION,
  TOTALS_KEY,
  ZONE_KEY,
  noEscalations,
  type CoverageSplit,
  type Escalations,
  type GroupWeekDocument,
  type PurposeWeekDocument,
  type TotalsDocument,
  type WeekDocument,
  type WorkWeekDocument,
} from './documents.js';
import { addWeeks, isoWeekName, weekOfInstant, weeksBetween } from './weeks.js';

export interface ServiceReportQuery {
  /** The first week shown is the one this instant falls in (default: `weeks` weeks up to the last). */
  readonly from?: Date;
  /** How many weeks to show when `from` is not given (default 13, a quarter). */
  readonly weeks?: number;
  /** The last week shown is the one this instant falls in (default: the last week anything was recorded in). */
  readonly to?: Date;
}

export interface BacklogWeek {
  readonly week: string;
  readonly isoWeek: string;
  readonly reported: number;
  readonly closed: number;
  readonly cancelled: number;
  /** Calls reported by the end of the week and neither closed nor cancelled by then. */
  readonly openAtEnd: number;
}

export interface ServiceLevelWeek {
  readonly week: string;
  readonly isoWeek: string;
  readonly atRisk: number;
  readonly breached: number;
  /** Every escalation recorded in the week, by target and level. */
  readonly escalations: Escalations;
  /** Per group (or support centre), those with any. */
  readonly groups: ReadonlyArray<{
    readonly group: string;
    readonly atRisk: number;
    readonly breached: number;
  }>;
}

export interface WorkWeek {
  readonly week: string;
  readonly isoWeek: string;
  /** All time booked on work of the week; what billing has priced of it is split in `byCurrency`. */
  readonly bookedMinutes: number;
  readonly byCurrency: ReadonlyArray<{
    readonly currency: string;
    readonly minutes: CoverageSplit;
    readonly amount: CoverageSplit;
  }>;
}

export interface ServiceReport {
  readonly timeZone: string;
  /** Mondays of the first and last week shown; null when nothing is recorded yet. */
  readonly from: string | null;
  readonly to: string | null;
  readonly backlog: readonly BacklogWeek[];
  /** Calls reported in the weeks shown, by purpose (null: not classified yet) and where they stand now. */
  readonly byPurpose: ReadonlyArray<{
    readonly purpose: string | null;
    readonly statuses: Readonly<Record<ReportStatus, number>>;
    readonly calls: number;
  }>;
  readonly serviceLevels: readonly ServiceLevelWeek[];
  readonly work: readonly WorkWeek[];
}

/** Weeks shown when no start is given: a quarter. */
export const DEFAULT_WEEKS = 13;
/** At most a decade and a bit of weeks in one report. */
export const MAX_WEEKS = 530;

/**
 * The service report of whole weeks: every read is by key or by a list of weeks on an
 * index, so it costs the weeks asked for (and, for the backlog, the weeks since), never
 * the calls.
 */
export function serviceReport(
  readModels: ReadModelStore,
  query: ServiceReportQuery = {},
): ServiceReport {
  // Totals, weeks and groups of one state, whatever is committed meanwhile.
  return readModels.snapshot(() => reportOn(readModels, query));
}

function reportOn(readModels: ReadModelStore, query: ServiceReportQuery): ServiceReport {
  const get = <T extends Record<string, unknown>>(collection: string, key: string) =>
    readModels.get<T>(SERVICE_REPORT_PROJECTION, collection, key);
  const timeZone = get<{ timeZone: string }>('settings', ZONE_KEY)?.timeZone ?? 'UTC';
  const totals = get<TotalsDocument>('totals', TOTALS_KEY);
  const last = query.to ? weekOfInstant(timeZone, query.to) : totals?.lastWeek;
  if (!last)
    return {
      timeZone,
      from: null,
      to: null,
      backlog: [],
      byPurpose: [],
      serviceLevels: [],
      work: [],
    };
  // The facade checks the query's shape first (query-input.ts, a ValidationError); this
  // function is exported too, and a fraction of a week would start a report on no Monday.
  const count = query.weeks ?? DEFAULT_WEEKS;
  if (!Number.isInteger(count) || count < 1 || count > MAX_WEEKS)
    throw new DomainError(
      'InvalidReportRange',
      `A report shows 1 to ${MAX_WEEKS} weeks, not ${count}`,
    );
  const first = query.from ? weekOfInstant(timeZone, query.from) : addWeeks(last, -(count - 1));
  if (first > last)
    throw new DomainError(
      'InvalidReportRange',
      `The report's first week (${first}) is after its last (${last})`,
    );
  const weeks = weeksBetween(first, last);
  if (weeks.length > MAX_WEEKS)
    throw new DomainError(
      'InvalidReportRange',
      `A report shows at most ${MAX_WEEKS} weeks; ${first} to ${last} is ${weeks.length}`,
    );
  const find = <T extends Record<string, unknown>>(collection: string, list: readonly string[]) =>
    list.length === 0
      ? []
      : readModels.find<T>(SERVICE_REPORT_PROJECTION, collection, { week: list });

  // The backlog at the end of a week: all calls still open now, less what happened after it.
  const later =
    totals?.lastWeek && totals.lastWeek > last
      ? weeksBetween(addWeeks(last, 1), totals.lastWeek)
      : [];
  const counts = new Map(find<WeekDocument>('weeks', [...weeks, ...later]).map((w) => [w.week, w]));
  const net = (w: WeekDocument | undefined) => (w ? w.reported - w.closed - w.cancelled : 0);
  let open = totals ? totals.reported - totals.closed - totals.cancelled : 0;
  for (const week of later) open -= net(counts.get(week));
  const backlog: BacklogWeek[] = [];
  for (const week of [...weeks].reverse()) {
    const w = counts.get(week);
    backlog.push({
      week,
      isoWeek: isoWeekName(week),
      reported: w?.reported ?? 0,
      closed: w?.closed ?? 0,
      cancelled: w?.cancelled ?? 0,
      openAtEnd: open,
    });
    open -= net(w);
  }
  backlog.reverse();

  // Maps, not plain objects: a purpose or group id is user data (`constructor`).
  const purposes = new Map<string | null, Record<ReportStatus, number>>();
  for (const doc of find<PurposeWeekDocument>('purposes', weeks)) {
    const sum =
      purposes.get(doc.purpose) ??
      (Object.fromEntries(reportStatuses.map((s) => [s, 0])) as Record<ReportStatus, number>);
    // Stored JSON: a document may lack a status.
    for (const status of reportStatuses)
      sum[status] += (doc.statuses as Partial<Record<ReportStatus, number>>)[status] ?? 0;
    purposes.set(doc.purpose, sum);
  }
  const byPurpose = [...purposes]
    .map(([purpose, statuses]) => ({
      purpose,
      statuses,
      calls: reportStatuses.reduce((n, s) => n + statuses[s], 0),
    }))
    .filter((row) => row.calls > 0)
    .sort((a, b) => b.calls - a.calls || compareNullable(a.purpose, b.purpose));

  const groups = new Map<string, GroupWeekDocument[]>();
  for (const doc of find<GroupWeekDocument>('groups', weeks))
    groups.set(doc.week, [...(groups.get(doc.week) ?? []), doc]);
  const serviceLevels = weeks.map((week) => ({
    week,
    isoWeek: isoWeekName(week),
    atRisk: counts.get(week)?.atRisk ?? 0,
    breached: counts.get(week)?.breached ?? 0,
    escalations: counts.get(week)?.escalations ?? noEscalations(),
    groups: (groups.get(week) ?? []).map(({ group, atRisk, breached }) => ({
      group,
      atRisk,
      breached,
    })),
  }));

  const work = new Map<string, WorkWeekDocument[]>();
  for (const doc of find<WorkWeekDocument>('work', weeks))
    work.set(doc.week, [...(work.get(doc.week) ?? []), doc]);
  const workWeeks = weeks.map((week) => ({
    week,
    isoWeek: isoWeekName(week),
    bookedMinutes: counts.get(week)?.bookedMinutes ?? 0,
    byCurrency: (work.get(week) ?? []).map(({ currency, minutes, amount }) => ({
      currency,
      minutes,
      amount,
    })),
  }));

  return {
    timeZone,
    from: weeks[0] ?? null,
    to: weeks[weeks.length - 1] ?? null,
    backlog,
    byPurpose,
    serviceLevels,
    work: workWeeks,
  };
}

const compareNullable = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
