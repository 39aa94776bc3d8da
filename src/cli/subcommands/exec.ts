import type { CliCommand } from '../shared/command.js';
import { openOrCreate } from '../shared/context.js';
import { fileError } from '../shared/errors.js';
import { errorJson, UsageError } from '../shared/errors.js';
import { boundedLines, type BoundedLine } from '../shared/lines.js';
import { toJson } from '../shared/output.js';

/** A command is at most 256 KiB; a line four times that is refused as it is read, unbuffered. */
const MAX_LINE = 1024 * 1024;

export const exec: CliCommand = {
  name: 'exec',
  summary: 'Execute commands given as JSON lines on stdin; one JSON result or typed error per line',
  usage: 'callstream exec < commands.jsonl',
  details: [
    'Input: one command per line, a JSON object as `callstream schema --command TYPE` describes it',
    '(type, commandId, actor, at and the command’s fields); blank lines are skipped; a line may be',
    'at most 1 MiB. Output: one JSON line per input line, in order: {"ok":true,"line":N,"result":{...}}',
    'or {"ok":false,"line":N,"error":{"code","message","issues"}}. A resent command id writes nothing',
    'and answers with the first result (duplicate: true).',
    '',
    'Exit codes: 0 every command succeeded; 1 at least one was refused (the others were executed);',
    '2 a usage error (nothing read), or the database cannot take a write (read-only, disk full): the',
    'lines before were answered, none after is read.',
  ].join('\n'),
  options: {},
  async run(ctx) {
    const callstream = await openOrCreate(ctx.options);
    let failures = 0;
    try {
      let n = 0;
      for await (const line of boundedLines(ctx.stdin as AsyncIterable<Buffer>, MAX_LINE)) {
        n++;
        if ('text' in line && line.text.trim() === '') continue;
        const reply = await executeLine(line, n, ctx.options.db, (input) =>
          callstream.executeJson(input),
        );
        if (!reply.ok) failures++;
        process.stdout.write(`${toJson(reply, 0)}\n`);
      }
    } finally {
      await callstream.close();
    }
    return failures > 0 ? 1 : 0;
  },
};

/** A line refused before it is a command: what the line is, not what a command says. */
const refusedLine = (n: number, message: string) => ({
  ok: false,
  line: n,
  error: { code: 'ValidationError', message, issues: [] },
});

async function executeLine(
  line: BoundedLine,
  n: number,
  db: string,
  execute: (input: unknown) => Promise<unknown>,
) {
  if ('tooLong' in line) {
    return refusedLine(
      n,
      `Line ${n} is ${line.tooLong} bytes long; a line may be at most ${MAX_LINE} bytes`,
    );
  }
  if ('notUtf8' in line) {
    return refusedLine(n, `Line ${n} is not valid UTF-8 text`);
  }
  let input: unknown;
  try {
    // A byte order mark on the first line (files saved by Windows tools) is not the command's.
    input = JSON.parse(n === 1 ? line.text.replace(/^\uFEFF/, '') : line.text);
  } catch (error) {
    return refusedLine(n, `Line ${n} is not JSON: ${(error as Error).message}`);
  }
  try {
    return { ok: true, line: n, result: await execute(input) };
  } catch (error) {
    // The file, not the line (read-only, disk full): every line after would fail alike.
    const fatal = fileError(error, db);
    if (fatal instanceof UsageError) throw fatal;
    return { ok: false, line: n, error: errorJson(error) };
  }
}
