/**
 * Charts as inline SVG: no script, no font or image from anywhere, so the page shows the
 * same in any browser, mail client or archive. Text in them is escaped like all page text.
 */

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly values: readonly number[];
}

export interface ColumnChart {
  readonly title: string;
  readonly categories: readonly string[];
  /** Side by side in each category, or stacked when `stacked`. */
  readonly bars: readonly Series[];
  readonly stacked?: boolean;
  /** Drawn as a line over the bars, on the same scale. */
  readonly line?: Series;
  readonly unit?: string;
  /** Counts (whole-number gridlines), not hours. */
  readonly integers?: boolean;
}

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 44, right: 12, top: 14, bottom: 46 };

/** A round top for the axis: 1, 2 or 5 times a power of ten, four or five gridlines. */
function niceMax(max: number, integers: boolean): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const step = integers ? Math.max(1, nice) : nice;
  return { top: Math.ceil(max / step - 1e-9) * step, step };
}

const number = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Weekly columns with a legend, gridlines and labelled axes; every value is also in the table beside it. */
export function columnChart(chart: ColumnChart): string {
  const { categories, bars } = chart;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const totals = categories.map((_, i) =>
    chart.stacked
      ? bars.reduce((n, s) => n + (s.values[i] ?? 0), 0)
      : Math.max(0, ...bars.map((s) => s.values[i] ?? 0)),
  );
  const { top, step } = niceMax(
    Math.max(0, ...totals, ...(chart.line?.values ?? [])),
    chart.integers ?? true,
  );
  const y = (value: number) => PAD.top + plotH - (value / top) * plotH;
  const slot = plotW / Math.max(1, categories.length);
  const parts: string[] = [];
  for (let tick = 0; tick <= top + 1e-9; tick += step) {
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}"/>`,
    );
    parts.push(
      `<text class="tick" x="${PAD.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${number(tick)}</text>`,
    );
  }
  const labelEvery = Math.ceil(categories.length / 14);
  categories.forEach((category, i) => {
    const x0 = PAD.left + i * slot;
    const inner = slot * 0.72;
    let base = 0;
    bars.forEach((series, s) => {
      const value = series.values[i] ?? 0;
      if (value <= 0) return;
      const width = chart.stacked ? inner : inner / bars.length;
      const x = x0 + (slot - inner) / 2 + (chart.stacked ? 0 : s * width);
      const from = chart.stacked ? base : 0;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(from + value).toFixed(1)}" width="${Math.max(1, width - 1).toFixed(1)}" height="${(y(from) - y(from + value)).toFixed(1)}" fill="${series.color}"><title>${escapeHtml(`${category} · ${series.name}: ${number(value)}${chart.unit ?? ''}`)}</title></rect>`,
      );
      if (chart.stacked) base += value;
    });
    if (i % labelEvery === 0)
      parts.push(
        `<text class="tick" x="${(x0 + slot / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${escapeHtml(category)}</text>`,
      );
  });
  if (chart.line) {
    const points = chart.line.values.map(
      (v, i) => `${(PAD.left + i * slot + slot / 2).toFixed(1)},${y(v).toFixed(1)}`,
    );
    parts.push(
      `<polyline fill="none" stroke="${chart.line.color}" stroke-width="2.5" points="${points.join(' ')}"/>`,
    );
    chart.line.values.forEach((v, i) =>
      parts.push(
        `<circle cx="${(PAD.left + i * slot + slot / 2).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${chart.line!.color}"><title>${escapeHtml(`${categories[i]} · ${chart.line!.name}: ${number(v)}`)}</title></circle>`,
      ),
    );
  }
  parts.push(
    `<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(0)}" y2="${y(0)}"/>`,
  );
  const legend = [...bars, ...(chart.line ? [chart.line] : [])];
  let lx = PAD.left;
  for (const series of legend) {
    parts.push(
      `<rect x="${lx}" y="${HEIGHT - 18}" width="10" height="10" fill="${series.color}"/><text class="legend" x="${lx + 14}" y="${HEIGHT - 9}">${escapeHtml(series.name)}</text>`,
    );
    lx += 24 + series.name.length * 6.6;
  }
  return svg(chart.title, WIDTH, HEIGHT, parts);
}

/** One horizontal bar per row, its segments stacked (e.g. a purpose's calls by status). */
export function stackedBars(
  title: string,
  rows: ReadonlyArray<{ label: string; values: readonly number[] }>,
  series: ReadonlyArray<{ name: string; color: string }>,
): string {
  const rowH = 24;
  const labelW = 170;
  const height = PAD.top + rows.length * rowH + 40;
  const plotW = WIDTH - labelW - PAD.right - 40;
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const parts: string[] = [];
  rows.forEach((row, r) => {
    const y = PAD.top + r * rowH;
    const label = row.label.length > 26 ? `${row.label.slice(0, 25)}…` : row.label;
    parts.push(
      `<text class="tick" x="${labelW - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}<title>${escapeHtml(row.label)}</title></text>`,
    );
    let x = labelW;
    row.values.forEach((value, s) => {
      if (value <= 0) return;
      const width = (value / max) * plotW;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${Math.max(1, width - 0.5).toFixed(1)}" height="${rowH - 6}" fill="${series[s]!.color}"><title>${escapeHtml(`${row.label} · ${series[s]!.name}: ${value}`)}</title></rect>`,
      );
      x += width;
    });
    const total = row.values.reduce((a, b) => a + b, 0);
    parts.push(`<text class="tick" x="${(x + 6).toFixed(1)}" y="${y + 15}">${total}</text>`);
  });
  let lx = 8;
  let ly = height - 22;
  for (const s of series) {
    const w = 24 + s.name.length * 6.6;
    if (lx + w > WIDTH) [lx, ly] = [8, ly + 14];
    parts.push(
      `<rect x="${lx}" y="${ly}" width="10" height="10" fill="${s.color}"/><text class="legend" x="${lx + 14}" y="${ly + 9}">${escapeHtml(s.name)}</text>`,
    );
    lx += w;
  }
  return svg(title, WIDTH, height + (ly - (height - 22)), parts);
}

function svg(title: string, width: number, height: number, parts: readonly string[]): string {
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}
