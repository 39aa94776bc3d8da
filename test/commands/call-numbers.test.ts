import { describe, expect, it } from 'vitest';
import { parseCallNumber } from '../../src/domain/index.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { collect } from '../store/contract.js';
import { temporaryDatabase } from '../support/files.js';
import { logCallRequest, testPipeline } from '../support/pipeline.js';

describe('call numbers (A3)', () => {
  it('gives many concurrent LogCalls unique, strictly increasing numbers on the memory store', async () => {
    const { pipeline } = testPipeline();
    const results = await Promise.all(
      Array.from({ length: 200 }, () => pipeline.execute(logCallRequest())),
    );
    const numbers = results.map((r) => r.number);
    expect(new Set(numbers).size).toBe(200);
    expect(numbers.map((n) => Number(parseCallNumber(n))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
  });

  it('gives concurrent LogCalls from two connections to one SQLite file no duplicate number', async () => {
    const file = temporaryDatabase();
    const a = new SqliteEventStore(file.path);
    const b = new SqliteEventStore(file.path);
    try {
      const pa = testPipeline({ store: a }).pipeline;
      const pb = testPipeline({ store: b }).pipeline;
      const results = await Promise.all(
        Array.from({ length: 150 }, (_, i) => (i % 2 === 0 ? pa : pb).execute(logCallRequest())),
      );
      const numbers = results.map((r) => r.number);
      expect(new Set(numbers).size).toBe(150);
      // The number follows the order in which calls were allocated: the numbers stream.
      const sequences = numbers.map((n) => parseCallNumber(n)!);
      expect(sequences.every((s) => s >= 1n && s <= 150n)).toBe(true);
    } finally {
      await a.close();
      await b.close();
      file.remove();
    }
  });

  it('writes a number only with its call: a LogCall that loses the race for its call id leaves no number behind', async () => {
    const file = temporaryDatabase();
    const a = new SqliteEventStore(file.path);
    const b = new SqliteEventStore(file.path);
    try {
      const callId = '0f8f6b1e-2f7e-4a53-9a8f-6c1f2d3b7a10';
      // Both load the (absent) call before either appends; the second one's call append fails its expectation.
      const results = await Promise.allSettled([
        testPipeline({ store: a }).pipeline.execute(logCallRequest({ callId })),
        testPipeline({ store: b }).pipeline.execute(logCallRequest({ callId })),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await collect(a.readStream('call-numbers'))).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      file.remove();
    }
  });

  it('formats and parses numbers such as C-000042', () => {
    expect(parseCallNumber('C-000042')).toBe(42n);
    expect(parseCallNumber(' c-1234567 ')).toBe(1234567n);
    expect(parseCallNumber('42')).toBeUndefined();
  });
});
