import { createInterface } from 'node:readline';
import type { CliCommand } from '../command.js';
import { openOrCreate } from '../context.js';
import { errorJson } from '../errors.js';
import { toJson } from '../output.js';

const MAX_LINE = 1024 * 1024;

export const exec: CliCommand = {
  name: 'exec',
  summary: 'Execute commands given as JSON lines on stdin; one JSON result or typed error per line',
  usage: 'callstream exec < commands.jsonl',
  options: {},
  async run(ctx) {
    const callstream = await openOrCreate(ctx.options);
    let failures = 0;
    try {
      const lines = createInterface({ input: ctx.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      let n = 0;
      for await (const line of lines) {
        n++;
        if (line.trim() === '') continue;
        const reply = await executeLine(line, n, (input) => callstream.execute(input));
        if (!reply.ok) failures++;
        process.stdout.write(`${toJson(reply, 0)}\n`);
      }
    } finally {
      await callstream.close();
    }
    return failures > 0 ? 1 : 0;
  },
};

async function executeLine(line: string, n: number, execute: (input: unknown) => Promise<unknown>) {
  if (line.length > MAX_LINE) {
    return { ok: false, line: n, error: { code: 'ValidationError', message: `Line ${n} is longer than ${MAX_LINE} characters`, issues: [] } };
  }
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (error) {
    return { ok: false, line: n, error: { code: 'ValidationError', message: `Line ${n} is not JSON: ${(error as Error).message}`, issues: [] } };
  }
  try {
    return { ok: true, line: n, result: await execute(input) };
  } catch (error) {
    return { ok: false, line: n, error: errorJson(error) };
  }
}
