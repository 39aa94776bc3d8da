import {
  noSplit,
  type CoverageSplit,
  type ServiceReport,
} from '../../projections/service-report/index.js';
import { money } from './output.js';
import { columnChart, escapeHtml as escape } from './report-charts.js';
import {
  cell,
  colours,
  hours,
  percent,
  section,
  shortWeek,
  table,
  weekCell,
} from './report-page-cells.js';

/** Who pays, in the order the page shows them. */
const shares = [
  ['warranty', 'Warranty'],
  ['contract', 'Contract'],
  ['chargeable', 'Chargeable'],
  ['waived', 'Waived'],
] as const;

const plus = (a: CoverageSplit, b: CoverageSplit): CoverageSplit => ({
  warranty: a.warranty + b.warranty,
  contract: a.contract + b.contract,
  chargeable: a.chargeable + b.chargeable,
  waived: a.waived + b.waived,
});
const total = (a: CoverageSplit): number => a.warranty + a.contract + a.chargeable + a.waived;

/** Booked hours per week by who pays, and the value of the billed work per currency. */
export function workSection(report: ServiceReport): string {
  const weeks = report.work.map((w) => {
    const priced = w.byCurrency.reduce<CoverageSplit>((t, c) => plus(t, c.minutes), noSplit());
    return { ...w, priced, unbilled: Math.max(0, w.bookedMinutes - total(priced)) };
  });
  const chart = columnChart({
    title:
      'Booked hours per week by who pays: warranty, contract, chargeable, waived, not billed yet',
    categories: weeks.map((w) => shortWeek(w.isoWeek)),
    stacked: true,
    integers: false,
    unit: ' h',
    bars: [
      ...shares.map(([share, name]) => ({
        name,
        color: colours[share],
        values: weeks.map((w) => w.priced[share] / 60),
      })),
      {
        name: 'Not billed yet',
        color: colours.unbilled,
        values: weeks.map((w) => w.unbilled / 60),
      },
    ],
  });
  const rows = weeks.map(
    (w) =>
      `<tr>${weekCell(w.isoWeek, w.week)}${cell(hours(w.bookedMinutes))}${shares.map(([s]) => cell(hours(w.priced[s]))).join('')}${cell(hours(w.unbilled))}</tr>`,
  );
  const sum = (f: (w: (typeof weeks)[number]) => number) => weeks.reduce((n, w) => n + f(w), 0);
  const booked = sum((w) => w.bookedMinutes);
  const footer = `<tr><th scope="row">Total</th>${cell(hours(booked))}${shares.map(([s]) => cell(hours(sum((w) => w.priced[s])))).join('')}${cell(hours(sum((w) => w.unbilled)))}</tr><tr><th scope="row">Share of booked</th><td></td>${shares
    .map(([s]) =>
      cell(
        percent(
          sum((w) => w.priced[s]),
          booked,
        ),
      ),
    )
    .join('')}${cell(
    percent(
      sum((w) => w.unbilled),
      booked,
    ),
  )}</tr>`;
  const hoursTable = table(
    'Booked hours per week',
    ['Week', 'Booked', ...shares.map(([, name]) => name), 'Not billed yet'],
    rows,
    footer,
  );
  // Amounts per currency over all the weeks shown: a Map, a currency code is data.
  const amounts = new Map<string, CoverageSplit>();
  for (const w of report.work)
    for (const c of w.byCurrency)
      amounts.set(c.currency, plus(amounts.get(c.currency) ?? noSplit(), c.amount));
  const moneyRows = [...amounts].map(([currency, a]) => {
    const all = total(a);
    return `<tr><th scope="row">${escape(currency)}</th>${shares.map(([s]) => `<td class="num">${escape(money(a[s], currency, 'symbol').text)} <span class="share">${percent(a[s], all)}</span></td>`).join('')}<td class="num strong">${escape(money(all, currency, 'symbol').text)}</td></tr>`;
  });
  const moneyTable = table(
    'Value of the billed work, as priced',
    ['Currency', ...shares.map(([, name]) => name), 'Total'],
    moneyRows,
  );
  const note = `<p class="note">Time is counted by the date the work was done. Billing prices a call's bookings when the call reaches its invoicing moment; until then its hours are <em>not billed yet</em>. A line's hours are shared out as its amount is: covered by the equipment's warranty, covered by the customer's contract (within its limits), chargeable, and waived (chargeable work the company gave away with a goodwill credit note).</p>`;
  return `${section('work', 'Warranty and contract share of booked work', 'Who pays for the hours booked in each week.', chart, hoursTable)}<div class="wide">${moneyTable}${note}</div>`;
}
