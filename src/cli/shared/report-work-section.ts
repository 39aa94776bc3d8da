import type { CoverageSplit, ServiceReport } from '../../projections/service-report/index.js';
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

/** Booked hours per week by who pays, and the value of the billed work per currency. */
export function workSection(report: ServiceReport): string {
  const weeks = report.work.map((w) => {
    const priced = w.byCurrency.reduce<CoverageSplit>(
      (t, c) => ({
        warranty: t.warranty + c.minutes.warranty,
        contract: t.contract + c.minutes.contract,
        chargeable: t.chargeable + c.minutes.chargeable,
      }),
      { warranty: 0, contract: 0, chargeable: 0 },
    );
    const unbilled = Math.max(
      0,
      w.bookedMinutes - priced.warranty - priced.contract - priced.chargeable,
    );
    return { ...w, priced, unbilled };
  });
  const chart = columnChart({
    title: 'Booked hours per week by who pays: warranty, contract, chargeable, not billed yet',
    categories: weeks.map((w) => shortWeek(w.isoWeek)),
    stacked: true,
    integers: false,
    unit: ' h',
    bars: [
      {
        name: 'Warranty',
        color: colours.warranty,
        values: weeks.map((w) => w.priced.warranty / 60),
      },
      {
        name: 'Contract',
        color: colours.contract,
        values: weeks.map((w) => w.priced.contract / 60),
      },
      {
        name: 'Chargeable',
        color: colours.chargeable,
        values: weeks.map((w) => w.priced.chargeable / 60),
      },
      {
        name: 'Not billed yet',
        color: colours.unbilled,
        values: weeks.map((w) => w.unbilled / 60),
      },
    ],
  });
  const rows = weeks.map(
    (w) =>
      `<tr>${weekCell(w.isoWeek, w.week)}${cell(hours(w.bookedMinutes))}${cell(hours(w.priced.warranty))}${cell(hours(w.priced.contract))}${cell(hours(w.priced.chargeable))}${cell(hours(w.unbilled))}</tr>`,
  );
  const sum = (f: (w: (typeof weeks)[number]) => number) => weeks.reduce((n, w) => n + f(w), 0);
  const booked = sum((w) => w.bookedMinutes);
  const shares = ['warranty', 'contract', 'chargeable'] as const;
  const footer = `<tr><th scope="row">Total</th>${cell(hours(booked))}${shares.map((s) => cell(hours(sum((w) => w.priced[s])))).join('')}${cell(hours(sum((w) => w.unbilled)))}</tr><tr><th scope="row">Share of booked</th><td></td>${shares
    .map((s) =>
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
    ['Week', 'Booked', 'Warranty', 'Contract', 'Chargeable', 'Not billed yet'],
    rows,
    footer,
  );
  // Amounts per currency over all the weeks shown: a Map, a currency code is data.
  const amounts = new Map<string, CoverageSplit>();
  for (const w of report.work)
    for (const c of w.byCurrency) {
      const t = amounts.get(c.currency) ?? { warranty: 0, contract: 0, chargeable: 0 };
      amounts.set(c.currency, {
        warranty: t.warranty + c.amount.warranty,
        contract: t.contract + c.amount.contract,
        chargeable: t.chargeable + c.amount.chargeable,
      });
    }
  const moneyRows = [...amounts].map(([currency, a]) => {
    const all = a.warranty + a.contract + a.chargeable;
    return `<tr><th scope="row">${escape(currency)}</th>${shares.map((s) => `<td class="num">${escape(money(a[s], currency, 'symbol').text)} <span class="share">${percent(a[s], all)}</span></td>`).join('')}<td class="num strong">${escape(money(all, currency, 'symbol').text)}</td></tr>`;
  });
  const moneyTable = table(
    'Value of the billed work, as priced',
    ['Currency', 'Warranty', 'Contract', 'Chargeable', 'Total'],
    moneyRows,
  );
  const note = `<p class="note">Time is counted by the date the work was done. Billing prices a call's bookings when the call reaches its invoicing moment; until then its hours are <em>not billed yet</em>. A line's hours are shared out as its amount is: covered by the equipment's warranty, covered by the customer's contract (within its limits), and chargeable.</p>`;
  return `${section('work', 'Warranty and contract share of booked work', 'Who pays for the hours booked in each week.', chart, hoursTable)}<div class="wide">${moneyTable}${note}</div>`;
}
