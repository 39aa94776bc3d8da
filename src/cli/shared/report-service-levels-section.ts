import type { ServiceReport } from '../../projections/service-report/index.js';
import { columnChart, escapeHtml as escape } from './report-charts.js';
import { colours, num, section, shortWeek, table, weekCell } from './report-page-cells.js';

/** Calls at risk and breached, per week and per group and week. */
export function serviceLevelSection(report: ServiceReport): string {
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
