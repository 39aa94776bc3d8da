import type { ReportStatus } from '../../projections/service-report/index.js';
import { escapeHtml as escape } from './report-charts.js';

/** The service report page's palette, number formats, table cells and section frame. */
export const colours = {
  reported: '#3a6ea5',
  closed: '#4f9d69',
  cancelled: '#a3abb9',
  open: '#1d2330',
  atRisk: '#e0a030',
  breached: '#c8453b',
  warranty: '#3f9c96',
  contract: '#3a6ea5',
  chargeable: '#e07b39',
  waived: '#b07cc6',
  unbilled: '#cfd5df',
};
export const statusColours: Record<ReportStatus, string> = {
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
export const statusNames: Record<ReportStatus, string> = {
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

export const integer = new Intl.NumberFormat('en');
export const hours = (minutes: number): string =>
  (minutes / 60).toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
export const percent = (part: number, whole: number): string =>
  whole === 0 ? '—' : `${Math.round((part / whole) * 100)} %`;

/** `2026-W48` over `23 Nov` in tables; the short week name under the columns. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const weekCell = (isoWeek: string, week: string): string =>
  `<th scope="row">${escape(isoWeek)} <span class="day">${Number(week.slice(8, 10))} ${MONTHS[Number(week.slice(5, 7)) - 1]}</span></th>`;
export const shortWeek = (isoWeek: string): string => `W${isoWeek.slice(-2)}`;
export const num = (n: number, cls = ''): string =>
  `<td class="num${cls ? ` ${cls}` : ''}">${integer.format(n)}</td>`;
export const cell = (text: string, cls = 'num'): string =>
  `<td class="${cls}">${escape(text)}</td>`;

export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly string[],
  footer?: string,
): string {
  return `<table><caption>${escape(caption)}</caption><thead><tr>${headers.map((h, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('') || `<tr><td colspan="${headers.length}" class="none">Nothing recorded</td></tr>`}</tbody>${footer ? `<tfoot>${footer}</tfoot>` : ''}</table>`;
}

export function section(
  id: string,
  heading: string,
  lead: string,
  chart: string,
  numbers: string,
  stackedLayout = false,
): string {
  return `<section id="${id}"><h2>${escape(heading)}</h2><p class="lead">${escape(lead)}</p><div class="pair${stackedLayout ? ' stacked' : ''}"><figure>${chart}</figure><div class="numbers">${numbers}</div></div></section>`;
}
