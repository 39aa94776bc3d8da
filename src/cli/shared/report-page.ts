import {
  reportStatuses,
  type CoverageSplit,
  type ReportStatus,
  type ServiceReport,
} from '../../projections/service-report/index.js';
import { money } from './output.js';
import { columnChart, escapeHtml as escape, stackedBars } from './report-charts.js';

/**
 * The service report as one self-contained page (issue 19, item 12): four pictures, each
 * with the numbers it draws in a small table beside it. Inline CSS and SVG only: no
 * script, font or image is fetched from anywhere.
 */

const colours = {
  reported: '#3a6ea5',
  closed: '#4f9d69',
  cancelled: '#a3abb9',
  open: '#1d2330',
  atRisk: '#e0a030',
  breached: '#c8453b',
  warranty: '#3f9c96',
  contract: '#3a6ea5',
  chargeable: '#e07b39',
  unbilled: '#cfd5df',
};
const statusColours: Record<ReportStatus, string> = {
  Registered: '#9ab8d8',
  Assigned: '#5f8fc0',
  InProcess: '#3a6ea5',
  Transferred: '#7b62a8',
  Solved: '#8cc09b',
  Accepted: '#4f9d69',
  Closed: '#2f6b43',
  Cancelled: '#a3abb9',
  Archived: '#5b6475',
};
const statusNames: Record<ReportStatus, string> = {
  Registered: 'Registered',
  Assigned: 'Assigned',
  InProcess: 'In process',
  Transferred: 'Transferred',
  Solved: 'Solved',
  Accepted: 'Accepted',
  Closed: 'Closed',
  Cancelled: 'Cancelled',
  Archived: 'Archived',
};

const integer = new Intl.NumberFormat('en');
const hours = (minutes: number): string =>
  (minutes / 60).toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = (part: number, whole: number): string =>
  whole === 0 ? '—' : `${Math.round((part / whole) * 100)} %`;

/** `2026-W48` over `23 Nov` in tables; the short week name under the columns. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const weekCell = (isoWeek: string, week: string): string =>
  `<th scope="row">${escape(isoWeek)} <span class="day">${Number(week.slice(8, 10))} ${MONTHS[Number(week.slice(5, 7)) - 1]}</span></th>`;
const shortWeek = (isoWeek: string): string => `W${isoWeek.slice(-2)}`;
const num = (n: number, cls = ''): string =>
  `<td class="num${cls ? ` ${cls}` : ''}">${integer.format(n)}</td>`;
const cell = (text: string, cls = 'num'): string => `<td class="${cls}">${escape(text)}</td>`;

function table(
  caption: string,
  headers: readonly string[],
  rows: readonly string[],
  footer?: string,
): string {
  return `<table><caption>${escape(caption)}</caption><thead><tr>${headers.map((h, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('') || `<tr><td colspan="${headers.length}" class="none">Nothing recorded</td></tr>`}</tbody>${footer ? `<tfoot>${footer}</tfoot>` : ''}</table>`;
}

function backlogSection(report: ServiceReport): string {
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

function purposeSection(report: ServiceReport): string {
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

function serviceLevelSection(report: ServiceReport): string {
  const weeks = report.serviceLevels;
  const chart = columnChart({
    title: 'Service levels: calls at risk and calls breached per week',
    categories: weeks.map((w) => shortWeek(w.isoWeek)),
    bars: [
      { name: 'At risk', color: colours.atRisk, values: weeks.map((w) => w.atRisk) },
      { name: 'Breached', color: colours.breached, values: weeks.map((w) => w.breached) },
    ],
  });
  const perWeek = weeks.map(
    (w) =>
      `<tr>${weekCell(w.isoWeek, w.week)}${num(w.atRisk)}${num(w.breached, w.breached > 0 ? 'bad' : '')}</tr>`,
  );
  // Maps, not plain objects: a group id is user data (`constructor`).
  const groups = new Map<string, Map<string, { atRisk: number; breached: number }>>();
  for (const week of weeks)
    for (const g of week.groups)
      (groups.get(g.group) ?? groups.set(g.group, new Map()).get(g.group)!).set(week.week, g);
  const names = [...groups.keys()].sort(
    (a, b) => total(groups.get(b)!) - total(groups.get(a)!) || (a < b ? -1 : 1),
  );
  const worst = Math.max(
    1,
    ...[...groups.values()].flatMap((m) => [...m.values()].map((g) => g.breached)),
  );
  const grid = names.map((name) => {
    const byWeek = groups.get(name)!;
    const cells = weeks.map((w) => {
      const g = byWeek.get(w.week);
      if (!g) return '<td class="heat"></td>';
      const shade =
        g.breached === 0
          ? 'rgba(224,160,48,.25)'
          : `rgba(200,69,59,${(0.2 + 0.7 * (g.breached / worst)).toFixed(2)})`;
      return `<td class="heat" style="background:${shade}" title="${escape(`${name}, ${w.isoWeek}: ${g.atRisk} at risk, ${g.breached} breached`)}">${g.atRisk}<span class="sep">/</span>${g.breached}</td>`;
    });
    const sum = total(byWeek, 'breached');
    return `<tr><th scope="row">${escape(name)}</th>${cells.join('')}<td class="num strong">${total(byWeek, 'atRisk')}<span class="sep">/</span>${sum}</td></tr>`;
  });
  const heat = `<table class="grid"><caption>At risk / breached, by group and week (the redder, the more breaches)</caption><thead><tr><th scope="col">Group</th>${weeks.map((w) => `<th scope="col" class="num">${escape(shortWeek(w.isoWeek))}</th>`).join('')}<th scope="col" class="num">All</th></tr></thead><tbody>${grid.join('') || `<tr><td colspan="${weeks.length + 2}" class="none">No escalations recorded in these weeks</td></tr>`}</tbody></table>`;
  const note = `<p class="note"><strong>At risk</strong>: the escalation process recorded that a target (response or resolution) had used its warning share of the allowed working time (75 % by default; the call's rules say) while the call ran. <strong>Breached</strong>: it recorded a target past its allowed working time (level breach, or supervisor beyond it). Each call counts at most once as at risk and once as breached, in the week the level was first recorded, against the group handling it then (its support centre while second line has it). A call that goes on to breach was at risk first, so it counts in both.</p>`;
  return `${section('service-levels', 'Service-level breaches and calls at risk', 'Per week, and per group and week.', chart, table('At risk and breached per week', ['Week', 'At risk', 'Breached'], perWeek))}<div class="wide">${heat}${note}</div>`;
}

const total = (
  m: Map<string, { atRisk: number; breached: number }>,
  field: 'atRisk' | 'breached' | 'both' = 'both',
): number =>
  [...m.values()].reduce(
    (n, g) => n + (field === 'both' ? g.breached * 1000 + g.atRisk : g[field]),
    0,
  );

function workSection(report: ServiceReport): string {
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

function section(
  id: string,
  heading: string,
  lead: string,
  chart: string,
  numbers: string,
  stackedLayout = false,
): string {
  return `<section id="${id}"><h2>${escape(heading)}</h2><p class="lead">${escape(lead)}</p><div class="pair${stackedLayout ? ' stacked' : ''}"><figure>${chart}</figure><div class="numbers">${numbers}</div></div></section>`;
}

export interface ReportPageOptions {
  /** When the page was made (shown; the report itself does not depend on it). */
  readonly generatedAt: Date;
  readonly title?: string;
}

export function reportPage(report: ServiceReport, options: ReportPageOptions): string {
  const title = options.title ?? 'Service report';
  const first = report.backlog[0];
  const last = report.backlog[report.backlog.length - 1];
  const range =
    first && last
      ? `Weeks ${first.isoWeek} to ${last.isoWeek} (${first.week} to the Sunday after ${last.week}), Monday to Sunday in ${report.timeZone}`
      : 'Nothing recorded yet';
  const body = first
    ? [
        backlogSection(report),
        purposeSection(report),
        serviceLevelSection(report),
        workSection(report),
      ].join('\n')
    : '<p>No calls are recorded yet: there is nothing to report.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; max-width: 1180px; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin-bottom: .2rem; } .subtitle { color: #5b6475; margin-top: 0; }
  section { border-top: 3px solid #3a6ea5; margin-top: 2rem; padding-top: .4rem; }
  h2 { font-size: 1.15rem; margin: .2rem 0; } .lead { color: #5b6475; margin: .1rem 0 .6rem; }
  .pair { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; } .pair.stacked { flex-direction: column; } .pair.stacked > * { flex: none; }
  figure { margin: 0; flex: 0 1 640px; max-width: 100%; } .chart { max-width: 100%; height: auto; }
  .chart .grid { stroke: #e3e7ee; } .chart .axis { stroke: #8a93a6; } .chart text { font: 11px system-ui, sans-serif; fill: #3b4252; } .chart .legend { font-size: 12px; }
  .numbers { flex: 1 1 300px; } .wide { margin-top: 1rem; overflow-x: auto; }
  table { border-collapse: collapse; font-size: 13px; margin-bottom: .8rem; } caption { text-align: left; font-weight: 600; color: #3b4252; padding-bottom: .2rem; }
  th, td { padding: .15rem .6rem; border-bottom: 1px solid #eef1f5; } th { text-align: left; font-weight: 500; color: #3b4252; }
  th { white-space: nowrap; } thead th { border-bottom: 1px solid #c9d0db; font-weight: 600; } tfoot th, tfoot td { border-top: 1px solid #c9d0db; font-weight: 600; }
  .num { text-align: right; font-variant-numeric: tabular-nums; } .strong { font-weight: 600; } .zero { color: #c0c6d0; } .bad { color: #c8453b; font-weight: 600; }
  .day { color: #8a93a6; font-size: 12px; } .share { color: #8a93a6; font-size: 12px; } .sep { color: #8a93a6; padding: 0 1px; } .none { color: #8a93a6; }
  .grid td.heat { text-align: center; min-width: 2.4rem; font-variant-numeric: tabular-nums; } .heat .sep { color: inherit; opacity: .55; }
  .note { color: #5b6475; font-size: 13px; max-width: 900px; }
  footer { color: #8a93a6; font-size: .8rem; margin-top: 2rem; }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p class="subtitle">${escape(range)}</p>
${body}
<footer>Generated ${escape(options.generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC from the service-report read model, which every recorded event keeps up to date.</footer>
</body>
</html>
`;
}
