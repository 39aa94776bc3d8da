/** One JSON document: bigints as decimal strings, Dates as ISO-8601. */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_key, member: unknown) => (typeof member === 'bigint' ? member.toString() : member), indent);
}

export interface Output {
  readonly json: boolean;
  /** Prints the JSON document in --json mode, the human text otherwise. */
  result(value: unknown, human: () => string): void;
  /** Progress and notes for people: stderr, only on a terminal, never in --json mode. */
  progress(text: string): void;
  done(): void;
}

export function output(json: boolean, stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Output {
  const live = !json && stderr.isTTY;
  let dirty = false;
  return {
    json,
    result(value, human) {
      if (dirty) stderr.write('\n');
      dirty = false;
      stdout.write(`${json ? toJson(value) : human()}\n`);
    },
    progress(text) {
      if (!live) return;
      stderr.write(`\r${text}\u001b[K`);
      dirty = true;
    },
    done() {
      if (dirty) stderr.write('\n');
      dirty = false;
    },
  };
}

export function progressBar(done: number, total: number, width = 30): string {
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% ${done}/${total}`;
}

/** A plain text table with aligned columns. */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export const counts = (record: Record<string, number>): string =>
  Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || 'none';
