import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessBudget } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const bin = fileURLToPath(new URL('../../bin/callstream.js', import.meta.url));
const preload = fileURLToPath(new URL('../fixtures/report-peak-rss.cjs', import.meta.url));
const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

/** Runs `callstream exec` with stdin read from a file; returns its replies and its peak memory. */
function execFrom(input: string): Promise<{
  code: number;
  replies: Array<{ ok: boolean; line: number; error?: { message: string } }>;
  peakMb: number;
}> {
  return new Promise((resolve, reject) => {
    const stdin = openSync(input, 'r');
    const child = spawn(process.execPath, ['--require', preload, bin, 'exec', '--db', tmp.path], {
      stdio: [stdin, 'pipe', 'pipe'],
    });
    closeSync(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = /peak-rss-kib (\d+)/.exec(stderr);
      if (!peak) return reject(new Error(`no peak memory reported: ${stderr}`));
      const replies = stdout
        .trim()
        .split('\n')
        .map(
          (line) => JSON.parse(line) as { ok: boolean; line: number; error?: { message: string } },
        );
      resolve({ code: code ?? -1, replies, peakMb: Number(peak[1]) / 1024 });
    });
  });
}

function file(name: string, write: (put: (text: string) => void) => void): string {
  const path = join(tmp.dir, name);
  const fd = openSync(path, 'w');
  write((text) => writeSync(fd, text));
  closeSync(fd);
  return path;
}

describe('exec reads bounded lines', () => {
  it(
    'refuses a 100 MB line while reading it, at the memory cost of a short one, and goes on with the next line',
    async () => {
      const short = file('short.jsonl', (put) => put('{not json\n'));
      const huge = file('huge.jsonl', (put) => {
        const megabyte = 'x'.repeat(1024 * 1024);
        for (let i = 0; i < 100; i++) put(megabyte);
        put('\r\n{not json\n');
      });
      const baseline = await execFrom(short);
      const run = await execFrom(huge);
      // Holding the line even once would cost 100 MB (reading it whole cost 229 MB more); chunks
      // read and dropped cost only what the garbage collector has not yet taken back.
      expect(run.peakMb - baseline.peakMb).toBeLessThan(100);
      expect(run.code).toBe(1);
      expect(run.replies.map((reply) => [reply.line, reply.ok])).toEqual([
        [1, false],
        [2, false],
      ]);
      expect(run.replies[0]!.error!.message).toMatch(
        /^Line 1 is 104857601 bytes long; a line may be at most 1048576 bytes$/,
      );
      expect(run.replies[1]!.error!.message).toMatch(/^Line 2 is not JSON/);
    },
    childProcessBudget(2),
  );

  it(
    'reads a first line that begins with a byte order mark (a file saved by a Windows tool) as JSON',
    async () => {
      const withBom = file('bom.jsonl', (put) =>
        put('\uFEFF{"type":"Nothing"}\n\uFEFF{"type":"Nothing"}\n'),
      );
      const run = await execFrom(withBom);
      // The mark is dropped from the first line only: there it is the file's, not the command's.
      expect(run.replies[0]!.error!.message).toMatch(/^Invalid command: type/);
      expect(run.replies[1]!.error!.message).toMatch(/^Line 2 is not JSON/);
    },
    childProcessBudget(1),
  );
});
