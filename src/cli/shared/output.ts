import { zoneOffsetAt } from '../../domain/index.js';
import { toJson } from '../../json.js';

export { toJson };

export interface Output {
  readonly json: boolean;
  /** Prints the JSON document in --json mode, the human text otherwise. */
  result(value: unknown, human: () => string): void;
  /**
   * Progress for people, on stderr, never in --json mode: on a terminal one line redrawn in
   * place; otherwise (a log, a pipe, CI) a line at the first report, then at most one every
   * PROGRESS_EVERY_MS, and the last state at the end, so a long run shows it is moving.
   */
  progress(text: string): void;
  done(): void;
}

/** How often progress is written when stderr is not a terminal. */
export const PROGRESS_EVERY_MS = 5_000;

export function output(
  json: boolean,
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
  now: () => number = () => performance.now(),
): Output {
  const live = !json && stderr.isTTY;
  const logged = !json && !stderr.isTTY;
  let dirty = false;
  // Not a terminal: when the last line was written, and what the latest report said.
  let lastWritten: number | undefined;
  let pending: string | undefined;
  const flush = () => {
    if (pending !== undefined) stderr.write(`${pending}\n`);
    pending = undefined;
  };
  return {
    json,
    result(value, human) {
      if (dirty) stderr.write('\n');
      dirty = false;
      flush();
      stdout.write(`${json ? toJson(value) : visible(human())}\n`);
    },
    progress(text) {
      if (live) {
        stderr.write(`\r${visible(text)}\u001b[K`);
        dirty = true;
      } else if (logged) {
        pending = visible(text);
        const at = now();
        if (lastWritten === undefined || at - lastWritten >= PROGRESS_EVERY_MS) {
          lastWritten = at;
          flush();
        }
      }
    },
    done() {
      if (dirty) stderr.write('\n');
      dirty = false;
      flush();
    },
  };
}

// Every C0 control but the line feed the renderers write themselves, DEL, and every C1 control.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text for a terminal, with the control characters in it shown, never obeyed: a description a
 * customer typed may hold ESC or BEL, which would clear the screen, retitle the window or hide
 * lines. A C0 control (and DEL) becomes its sign from Unicode's Control Pictures (ESC ␛, BEL ␇),
 * one character wide as it was, so tables stay aligned; a C1 control, which has no sign, \x9b.
 */
export function visible(text: string): string {
  return text.replace(CONTROL, (control) => {
    const code = control.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `\\x${code.toString(16)}`;
  });
}

export function progressBar(done: number, total: number, width = 30): string {
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% ${done}/${total}`;
}

/** A cell shown right-aligned whatever its text: money, shares, durations. */
export interface RightAligned {
  readonly text: string;
  readonly right: true;
}
export type Cell = string | number | null | undefined | RightAligned;
export const rightAligned = (text: string): RightAligned => ({ text, right: true });

// Shown before measured: a control character's visible form may be wider than the character.
const cellText = (cell: Cell): string =>
  visible(
    cell === null || cell === undefined ? '' : typeof cell === 'object' ? cell.text : String(cell),
  );
const isRight = (cell: Cell): boolean =>
  typeof cell === 'number' || (typeof cell === 'object' && cell !== null);

/** A plain text table; a column of numbers or money (and blanks) is right-aligned. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const cells = rows.map((row) => row.map(cellText));
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...cells.map((row) => row[i]!.length)),
  );
  const right = headers.map(
    (_, i) =>
      rows.length > 0 &&
      rows.every(
        (row) => row[i] === null || row[i] === undefined || row[i] === '' || isRight(row[i]),
      ) &&
      rows.some((row) => isRight(row[i])),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

// One formatter per currency and display: building an Intl.NumberFormat costs more than using it.
const currencyFormats = new Map<string, Intl.NumberFormat>();

/**
 * An amount in a currency's minor units, shown with that currency's own decimals (EUR 2,
 * JPY 0): by its code in terminal tables (`EUR 231.50`), by its symbol on pages (`€231.50`).
 */
export function money(
  minor: number,
  currency: string,
  display: 'code' | 'symbol' = 'code',
): RightAligned {
  const key = `${currency} ${display}`;
  let format = currencyFormats.get(key);
  if (!format)
    currencyFormats.set(
      key,
      (format = new Intl.NumberFormat('en', {
        style: 'currency',
        currency,
        currencyDisplay: display,
      })),
    );
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  return rightAligned(format.format(minor / 10 ** decimals).replace(/\u00a0/g, ' '));
}

/**
 * An instant as people read it, to the minute: on the wall clock of `zone` (the
 * organisation's, SetTimeZone) with its offset from UTC, `2026-11-23 10:00 +01:00`; in UTC,
 * `2026-11-23 09:00 UTC`. JSON keeps ISO instants in UTC.
 */
export function time(given: string | Date | null | undefined, zone = 'UTC'): string {
  if (!given) return '';
  const instant = typeof given === 'string' ? given : given.toISOString();
  if (zone === 'UTC') return `${instant.slice(0, 16).replace('T', ' ')} UTC`;
  const at = new Date(instant);
  const offset = Math.round(zoneOffsetAt(zone, at) / 60_000);
  const local = new Date(at.getTime() + offset * 60_000).toISOString();
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${local.slice(0, 16).replace('T', ' ')} ${offset < 0 ? '-' : '+'}${hours}:${minutes}`;
}

/** The day an instant falls on, on the wall clock of `zone`: `2026-11-23`. */
export const day = (instant: string | Date | null | undefined, zone = 'UTC'): string =>
  time(instant, zone).slice(0, 10);

/**
 * Every list the CLI prints as JSON has this shape: the rows shown, how many there are in all
 * (`total`; with `totalAtLeast` when counting stopped at a cap), and whether rows were cut.
 */
export interface ListJson<T> {
  readonly rows: readonly T[];
  readonly total: number;
  readonly truncated: boolean;
  readonly totalAtLeast?: true;
}

/** Counting a list's total stops here: "10,000+" costs no more than one page of a decade of history. */
export const TOTAL_CAP = 10_000;

export function page<T>(rows: readonly T[], total: number, cap?: number): ListJson<T> {
  return {
    rows,
    total,
    truncated: rows.length < total,
    ...(cap !== undefined && total >= cap ? { totalAtLeast: true as const } : {}),
  };
}

/**
 * A page of a list and its total, read on one state of the read models: the rows shown, the
 * rest counted on the index only when the page is full (up to `cap`), never read whole.
 */
export function countedPage<T>(
  readModels: { snapshot<R>(read: () => R): R },
  limit: number | undefined,
  rows: () => T[],
  count: () => number,
  cap?: number,
): ListJson<T> {
  return readModels.snapshot(() => {
    const shown = rows();
    return page(shown, limit === undefined || shown.length < limit ? shown.length : count(), cap);
  });
}

/** A list cut to no row (`--limit 0`, for its count alone): "139 archived calls; --limit 0 shows none". */
export const countOnly = (page: ListJson<unknown>, noun: string): string =>
  `${page.total.toLocaleString('en')}${page.totalAtLeast ? '+' : ''} ${noun}; --limit 0 shows none`;

/** The line under a cut table: "100 of 139 calls; --limit N to see more". */
export function cutNote(page: ListJson<unknown>, noun: string): string {
  return page.truncated
    ? `\n${page.rows.length} of ${page.total.toLocaleString('en')}${page.totalAtLeast ? '+' : ''} ${noun}; --limit N to see more`
    : '';
}

export const counts = (record: Record<string, number>): string =>
  Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || 'none';

/** Costs in one currency as money; several currencies side by side. */
export function costsCell(costs: Readonly<Record<string, number>>) {
  const entries = Object.entries(costs);
  return entries.length === 1
    ? money(entries[0]![1], entries[0]![0])
    : entries.map(([currency, amount]) => money(amount, currency).text).join(' ');
}
