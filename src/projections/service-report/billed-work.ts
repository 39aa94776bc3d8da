import type { InvoiceLine } from '../../domain/index.js';
import type { BilledPart, CoverageSplit } from './documents.js';
import { weekOfDay } from './weeks.js';

/**
 * Who pays for a billing proposal's work, week by week (by the work's date): amounts as
 * priced, and the minutes of time lines shared out as their amounts are (all to one side
 * when a line is priced at nothing).
 */
export function billedParts(lines: readonly InvoiceLine[], currency: string): BilledPart[] {
  const byWeek = new Map<string, BilledPart>();
  for (const line of lines) {
    const week = weekOfDay(line.workDate);
    let part = byWeek.get(week);
    if (!part) byWeek.set(week, (part = { week, currency, minutes: noSplit(), amount: noSplit() }));
    add(part.amount, {
      warranty: line.warranty,
      contract: line.contract,
      chargeable: line.chargeable,
      waived: 0,
    });
    if (line.kind === 'time') add(part.minutes, minutesOf(line));
  }
  return [...byWeek.values()].sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
}

function minutesOf(line: InvoiceLine): CoverageSplit {
  const minutes = Math.round(line.quantity * 60);
  if (line.amount === 0) {
    const basis = line.coverage.basis;
    return {
      warranty: basis === 'warranty' ? minutes : 0,
      contract: basis === 'contract' ? minutes : 0,
      chargeable: basis === 'warranty' || basis === 'contract' ? 0 : minutes,
      waived: 0,
    };
  }
  const warranty = Math.round((minutes * line.warranty) / line.amount);
  const contract = Math.min(
    minutes - warranty,
    Math.round((minutes * line.contract) / line.amount),
  );
  return { warranty, contract, chargeable: minutes - warranty - contract, waived: 0 };
}

/** A goodwill credit gives the chargeable share away: the company bears it, not the customer. */
export function waivedParts(parts: readonly BilledPart[]): BilledPart[] {
  const waive = (split: CoverageSplit): CoverageSplit => ({
    ...split,
    chargeable: 0,
    waived: split.waived + split.chargeable,
  });
  return parts.map((part) => ({
    ...part,
    minutes: waive(part.minutes),
    amount: waive(part.amount),
  }));
}

export const noSplit = (): CoverageSplit => ({
  warranty: 0,
  contract: 0,
  chargeable: 0,
  waived: 0,
});

function add(to: CoverageSplit, more: CoverageSplit): void {
  to.warranty += more.warranty;
  to.contract += more.contract;
  to.chargeable += more.chargeable;
  to.waived += more.waived;
}

const sameSplit = (a: CoverageSplit, b: CoverageSplit): boolean =>
  a.warranty === b.warranty &&
  a.contract === b.contract &&
  a.chargeable === b.chargeable &&
  a.waived === b.waived;

export function sameParts(a: readonly BilledPart[], b: readonly BilledPart[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (p, i) =>
        p.week === b[i]!.week &&
        p.currency === b[i]!.currency &&
        sameSplit(p.minutes, b[i]!.minutes) &&
        sameSplit(p.amount, b[i]!.amount),
    )
  );
}
