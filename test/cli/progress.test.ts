import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { output, PROGRESS_EVERY_MS } from '../../src/cli/shared/output.js';

/** A stream that keeps what is written to it, a terminal or not. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const writable = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return Object.assign(writable, {
    isTTY,
    text: () => chunks.join(''),
  }) as unknown as NodeJS.WriteStream & { text: () => string };
}

describe('progress', () => {
  it('is a line at the first report, then one per interval, and the last state at the end, when stderr is not a terminal', () => {
    const stdout = stream(false);
    const stderr = stream(false);
    let now = 0;
    const out = output(false, stdout, stderr, () => now);
    out.progress('1%');
    now += PROGRESS_EVERY_MS / 2;
    out.progress('2%'); // too soon: not written
    now += PROGRESS_EVERY_MS / 2;
    out.progress('3%');
    now += 10;
    out.progress('4%');
    out.done();
    out.result({}, () => 'summary');
    expect(stderr.text()).toBe('1%\n3%\n4%\n');
    expect(stdout.text()).toBe('summary\n');
  });

  it('is one line redrawn in place on a terminal', () => {
    const stderr = stream(true);
    const out = output(false, stream(false), stderr, () => 0);
    out.progress('1%');
    out.progress('2%');
    out.done();
    expect(stderr.text()).toBe('\r1%\u001b[K\r2%\u001b[K\n');
  });

  it('is never written in --json mode, terminal or not', () => {
    for (const isTTY of [true, false]) {
      const stderr = stream(isTTY);
      const out = output(true, stream(false), stderr, () => 0);
      out.progress('1%');
      out.done();
      expect(stderr.text()).toBe('');
    }
  });
});
