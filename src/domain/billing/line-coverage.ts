import { allowanceKey, limitPeriod, usedByOthers } from './allowance.js';
import type { BillingContext, Consumption, CoverageBasis, InvoiceLine } from './invoice-lines.js';
import { basisPoints, percentOf, scale } from './money.js';
import type { Priced } from './priced-items.js';
import { coverOfWork } from '../call/work-cover.js';

/**
 * What warranty and contract cover of one priced item: warranty first, then the contract's
 * coverage line within its limits, counting what this proposal already consumed.
 */
export function decideCoverage(
  item: Priced,
  context: BillingContext,
  consumed: Map<string, Consumption>,
  visitsSeen: Map<string, boolean>,
): InvoiceLine {
  const { call } = context;
  const {
    service: _service,
    minutes: _minutes,
    visit: _visit,
    serialNumber: _serialNumber,
    ...shown
  } = item;
  const line = (warranty: number, covered: number, coverage: CoverageBasis): InvoiceLine => ({
    ...shown,
    warranty,
    contract: covered,
    chargeable: item.amount - warranty - covered,
    coverage,
  });
  const cover = coverOfWork(context, item.workDate, item.service, item.serialNumber);
  if (cover.basis === 'warranty') return line(item.amount, 0, cover);
  if (cover.basis !== 'contract') return line(0, 0, cover);
  const { contractId, lineId, coverage } = cover;
  const base = {
    contractId,
    lineId,
    ...(coverage.rule ? { rule: coverage.rule } : {}),
    share: coverage.share,
  };
  const limits = coverage.limits;
  if (
    !limits ||
    (limits.hours === undefined && limits.visits === undefined) ||
    item.kind !== 'time'
  ) {
    return line(0, percentOf(item.amount, coverage.share), { basis: 'contract', ...base });
  }
  // Limits: included hours and visits per period, shared by all calls on the line.
  const period = limitPeriod(limits.per, item.workDate, context.contract?.from ?? '');
  const key = allowanceKey(contractId, lineId, period);
  const before = usedByOthers(context.allowances.get(key), call.id);
  const mine = consumed.get(key) ?? {
    key,
    contractId,
    lineId,
    period,
    minutes: 0,
    visits: 0,
  };
  let visitCovered = true;
  let visits = mine.visits;
  if (limits.visits !== undefined && item.visit) {
    const seen = visitsSeen.get(`${key}/${item.visit}`);
    if (seen === undefined) {
      visitCovered = before.visits + mine.visits < limits.visits;
      if (visitCovered) visits += 1;
      visitsSeen.set(`${key}/${item.visit}`, visitCovered);
    } else visitCovered = seen;
  }
  const usedMinutesBefore = before.minutes + mine.minutes;
  const remaining =
    limits.hours === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(0, includedMinutes(limits.hours) - usedMinutesBefore);
  const minutes = item.minutes ?? 0;
  const coveredMinutes = visitCovered ? Math.min(minutes, remaining) : 0;
  consumed.set(key, { ...mine, minutes: mine.minutes + coveredMinutes, visits });
  const covered =
    minutes === 0
      ? 0
      : scale(item.amount, coveredMinutes * basisPoints(coverage.share), minutes * 10_000);
  const allowance = {
    key,
    ...(limits.hours === undefined ? {} : { hours: limits.hours }),
    ...(limits.visits === undefined ? {} : { visits: limits.visits }),
    usedMinutesBefore,
    coveredMinutes,
    ...(item.visit ? { visitCovered } : {}),
  };
  return line(0, covered, {
    basis: coveredMinutes < minutes ? 'allowance-exhausted' : 'contract',
    ...base,
    allowance,
  });
}

/**
 * A line's hours as the whole minutes they include: allowances count whole minutes (their
 * events say so). Lines stored before the boundary asked for whole minutes may hold 1.01 h:
 * 60 minutes, never more than the contract gives (the slack absorbs 0.7 × 60 = 41.99…).
 */
const includedMinutes = (hours: number): number => Math.floor(hours * 60 + 1e-6);
