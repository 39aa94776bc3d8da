import type { ServiceReport } from '../../projections/service-report/index.js';
import { backlogSection, purposeSection } from './report-calls-sections.js';
import { escapeHtml as escape } from './report-charts.js';
import { serviceLevelSection } from './report-service-levels-section.js';
import { time } from './output.js';
import { workSection } from './report-work-section.js';

/**
 * The service report as one self-contained page (issue 19, item 12): four pictures, each
 * with the numbers it draws in a small table beside it. Inline CSS and SVG only: no
 * script, font or image is fetched from anywhere.
 */

export interface ReportPageOptions {
  /** When the page was made (shown; the report itself does not depend on it). */
  readonly generatedAt: Date;
  /** The zone that instant is read in (default: the report's, the organisation's). */
  readonly zone?: string;
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
<footer>Generated ${escape(time(options.generatedAt, options.zone ?? report.timeZone))} from the service-report read model, which every recorded event keeps up to date.</footer>
</body>
</html>
`;
}
