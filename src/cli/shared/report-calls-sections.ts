import { reportStatuses, type ServiceReport } from '../../projections/service-report/index.js';
import { columnChart, escapeHtml as escape, stackedBars } from './report-charts.js';
import {
  colours,
  num,
  section,
  shortWeek,
  statusColours,
  statusNames,
  table,
  weekCell,
} from './report-page-cells.js';

/** The backlog of calls per week. */
export function backlogSection(report: ServiceReport): string {
  const weeks = report.backlog;
  const chart = columnChart({
    title:
      'Backlog over time: calls reported, closed and cancelled per week, and calls open at the end of each week',
    categories: weeks.map((w) => shortWeek(w.isoWeek)),
    bars: [
      { name: 'Reported', color: colours.reported, values: weeks.map((w) => w.reported) },
      { name: 'Closed', color: colours.closed, values: weeks.map((w) => w.closed) },
      { name: 'Cancelled', color: colours.cancelled, values: weeks.map((w) => w.cancelled) },
    ],
    line: {
      name: 'Open at end of week',
      color: colours.open,
      values: weeks.map((w) => w.openAtEnd),
    },
  });
  const rows = weeks.map(
    (w) =>
      `<tr>${weekCell(w.isoWeek, w.week)}${num(w.reported)}${num(w.closed)}${num(w.cancelled)}${num(w.openAtEnd, 'strong')}</tr>`,
  );
  const sum = (f: (w: (typeof weeks)[number]) => number) => weeks.reduce((n, w) => n + f(w), 0);
  const footer = `<tr><th scope="row">Total</th>${num(sum((w) => w.reported))}${num(sum((w) => w.closed))}${num(sum((w) => w.cancelled))}<td></td></tr>`;
  return section(
    'backlog',
    'Backlog over time',
    'Calls the customer reported in each week, calls closed and cancelled in it, and the calls still open when it ended.',
    chart,
    table(
      'Backlog per week',
      ['Week', 'Reported', 'Closed', 'Cancelled', 'Open at end'],
      rows,
      footer,
    ),
  );
}

/** Calls by purpose, split by where they stand now. */
export function purposeSection(report: ServiceReport): string {
  const used = reportStatuses.filter((s) => report.byPurpose.some((row) => row.statuses[s] > 0));
  const label = (purpose: string | null) => purpose ?? '(not classified)';
  const chart = stackedBars(
    'Calls by purpose, each bar split by where the calls stand now',
    report.byPurpose.map((row) => ({
      label: label(row.purpose),
      values: used.map((s) => row.statuses[s]),
    })),
    used.map((s) => ({ name: statusNames[s], color: statusColours[s] })),
  );
  const rows = report.byPurpose.map(
    (row) =>
      `<tr><th scope="row">${escape(label(row.purpose))}</th>${used.map((s) => num(row.statuses[s], row.statuses[s] === 0 ? 'zero' : '')).join('')}${num(row.calls, 'strong')}</tr>`,
  );
  const footer = `<tr><th scope="row">Total</th>${used.map((s) => num(report.byPurpose.reduce((n, r) => n + r.statuses[s], 0))).join('')}${num(
    report.byPurpose.reduce((n, r) => n + r.calls, 0),
    'strong',
  )}</tr>`;
  return section(
    'purposes',
    'Calls by status and purpose',
    'The calls reported in these weeks, by purpose (why the customer called), and where each stands now.',
    chart,
    table(
      'Calls by purpose and status',
      ['Purpose', ...used.map((s) => statusNames[s]), 'Calls'],
      rows,
      footer,
    ),
    true,
  );
}
