import { keyedRecord } from '../domain/shared/objects.js';
import type { BookedWork } from './booked-work.js';
import type { CallSummary } from './call-summary.js';

export const analyticsDimensions = [
  'purpose',
  'product',
  'contract',
  'customer',
  'engineer',
  'group',
] as const;
export type AnalyticsDimension = (typeof analyticsDimensions)[number];

/** What a row adds up; the analytics row adds the share under warranty. */
export interface Tally {
  /** The calls of the row; by engineer or group, the calls with work of theirs booked. */
  calls: number;
  minutes: number;
  minutesByLabour: Record<string, number>;
  costs: Record<string, number>;
  /** Calls repaired under warranty. */
  underWarranty: number;
  notCovered: number;
  /** Calls with a solution recorded; by engineer, who recorded it; by group, the group dispatched then. */
  resolved: number;
}

/** What analytics reads of a call: the call summary has it, and the calls projection derives it alone. */
export type AnalysedCall = Pick<
  CallSummary,
  | 'reportedMonth'
  | 'purpose'
  | 'product'
  | 'contractId'
  | 'customerId'
  | 'coverageRule'
  | 'coverageVerdict'
  | 'minutes'
  | 'minutesByLabour'
  | 'costs'
  | 'workBy'
  | 'resolvedAt'
  | 'resolvedBy'
  | 'group'
>;

/** The row of a key, made empty when first asked. */
export type RowOf = (key: string) => Tally;

/** +1 adds a call; −1 takes it away again (a call that changed, in a running tally). */
export type Sign = 1 | -1;

type CallDimension = Exclude<AnalyticsDimension, 'engineer' | 'group'>;

const keyOf: Record<CallDimension, (call: AnalysedCall) => string> = {
  purpose: (call) => call.purpose ?? '(unclassified)',
  product: (call) => call.product ?? '(none)',
  contract: (call) => call.contractId ?? '(none)',
  customer: (call) => call.customerId ?? '(generalist)',
};

/** Who a call's work and solution count for, by engineer or by group. */
const staffOf = {
  engineer: {
    work: (work: BookedWork) => work.engineer ?? '(none)',
    resolution: (call: AnalysedCall) => call.resolvedBy ?? '(none)',
  },
  // No command dispatches a solved call: the group it has now is the group it had when solved.
  group: {
    work: (work: BookedWork) => work.group ?? '(none)',
    resolution: (call: AnalysedCall) => call.group ?? '(none)',
  },
};

/** Adds a call to the rows of one dimension (or, with −1, takes it away). */
export function countCall(
  call: AnalysedCall,
  by: AnalyticsDimension,
  rowOf: RowOf,
  sign: Sign = 1,
): void {
  if (by === 'engineer' || by === 'group') {
    countWork(call, staffOf[by], rowOf, sign);
    return;
  }
  const row = rowOf(keyOf[by](call));
  countOnce(row, call, sign);
  addWork(row, call, sign);
  if (call.resolvedAt !== null) row.resolved += sign;
}

/** A call counts once for each engineer (group) with work booked on it, with that work alone. */
function countWork(
  call: AnalysedCall,
  staff: (typeof staffOf)[keyof typeof staffOf],
  rowOf: RowOf,
  sign: Sign,
): void {
  const counted: string[] = [];
  for (const work of call.workBy) {
    const key = staff.work(work);
    const row = rowOf(key);
    addWork(row, work, sign);
    if (counted.includes(key)) continue;
    counted.push(key);
    countOnce(row, call, sign);
  }
  if (call.resolvedAt !== null) rowOf(staff.resolution(call)).resolved += sign;
}

function countOnce(row: Tally, call: AnalysedCall, sign: Sign): void {
  row.calls += sign;
  if (call.coverageRule === 'warranty') row.underWarranty += sign;
  if (call.coverageVerdict === 'not-covered') row.notCovered += sign;
}

function addWork(
  row: Tally,
  work: Pick<BookedWork, 'minutes' | 'minutesByLabour' | 'costs'>,
  sign: Sign,
): void {
  row.minutes += sign * work.minutes;
  addUp(row.minutesByLabour, work.minutesByLabour, sign);
  addUp(row.costs, work.costs, sign);
}

function addUp(into: Record<string, number>, from: Record<string, number>, sign: number): void {
  for (const key in from) into[key] = (into[key] ?? 0) + sign * from[key]!;
}

/** One tally added to another: a month's row to the period's. */
export function addTally(into: Tally, from: Tally, sign: Sign = 1): void {
  into.calls += sign * from.calls;
  into.underWarranty += sign * from.underWarranty;
  into.notCovered += sign * from.notCovered;
  into.resolved += sign * from.resolved;
  addWork(into, from, sign);
}

/** Null-prototype maps: labour types and currencies are user data (`constructor`). */
export const emptyTally = (): Tally => ({
  calls: 0,
  minutes: 0,
  minutesByLabour: keyedRecord(),
  costs: keyedRecord(),
  underWarranty: 0,
  notCovered: 0,
  resolved: 0,
});

/** Drops the labour types and currencies that add up to nothing: a running tally keeps none. */
export function withoutZeros<T extends Tally>(tally: T): T {
  if (hasZero(tally.minutesByLabour)) tally.minutesByLabour = nonZero(tally.minutesByLabour);
  if (hasZero(tally.costs)) tally.costs = nonZero(tally.costs);
  return tally;
}

function hasZero(record: Record<string, number>): boolean {
  for (const key in record) if (record[key] === 0) return true;
  return false;
}

function nonZero(record: Record<string, number>): Record<string, number> {
  const kept: Record<string, number> = keyedRecord();
  for (const key in record) if (record[key] !== 0) kept[key] = record[key]!;
  return kept;
}

/** Two calls count alike in every row (a change to a call that moved no figure: a transfer). */
export function sameAnalysed(a: AnalysedCall, b: AnalysedCall): boolean {
  return (
    a.reportedMonth === b.reportedMonth &&
    a.purpose === b.purpose &&
    a.product === b.product &&
    a.contractId === b.contractId &&
    a.customerId === b.customerId &&
    a.coverageRule === b.coverageRule &&
    a.coverageVerdict === b.coverageVerdict &&
    a.resolvedAt === b.resolvedAt &&
    a.resolvedBy === b.resolvedBy &&
    a.group === b.group &&
    sameWork(a, b) &&
    a.workBy.length === b.workBy.length &&
    a.workBy.every((work, i) => {
      const other = b.workBy[i]!;
      return (
        work.engineer === other.engineer && work.group === other.group && sameWork(work, other)
      );
    })
  );
}

function sameWork(a: Pick<Tally, 'minutes' | 'minutesByLabour' | 'costs'>, b: typeof a): boolean {
  return (
    a.minutes === b.minutes &&
    sameRecord(a.minutesByLabour, b.minutesByLabour) &&
    sameRecord(a.costs, b.costs)
  );
}

function sameRecord(a: Record<string, number>, b: Record<string, number>): boolean {
  let size = 0;
  for (const key in a) {
    if (a[key] !== b[key]) return false;
    size++;
  }
  for (const _ in b) size--;
  return size === 0;
}

/** Nothing in it: no call, no work, no solution (a map entry of zero counts as none). */
export const isEmptyTally = (tally: Tally): boolean =>
  tally.calls === 0 &&
  tally.minutes === 0 &&
  tally.underWarranty === 0 &&
  tally.notCovered === 0 &&
  tally.resolved === 0 &&
  isEmptyRecord(tally.minutesByLabour) &&
  isEmptyRecord(tally.costs);

function isEmptyRecord(record: Record<string, number>): boolean {
  for (const key in record) if (record[key] !== 0) return false;
  return true;
}
