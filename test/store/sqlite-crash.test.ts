import { fork } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { childProcessBudget } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';
import { collect } from './contract.js';

describe('SQLite store under a crash', () => {
  it(
    'leaves every append whole or absent when the writing process is killed mid-append',
    async () => {
      const file = temporaryDatabase();
      try {
        for (let round = 0; round < 3; round++) {
          const child = fork(
            new URL('../fixtures/append-forever.mjs', import.meta.url),
            [file.path, `r${round}`],
            { stdio: 'ignore' },
          );
          await new Promise<void>((resolve) => child.once('message', () => resolve()));
          await new Promise((resolve) => setTimeout(resolve, 150 + round * 100));
          child.kill('SIGKILL');
          await new Promise((resolve) => child.once('exit', resolve));
        }
        const store = new SqliteEventStore(file.path);
        const all = await collect(store.readAll());
        expect(all.length).toBeGreaterThan(30);
        const byStream = new Map<string, typeof all>();
        for (const event of all)
          byStream.set(event.streamName, [...(byStream.get(event.streamName) ?? []), event]);
        for (const [stream, events] of byStream) {
          expect(events.length % 3, `stream ${stream} holds a partial append`).toBe(0);
          events.forEach((event, i) => {
            expect(event.revision).toBe(BigInt(i));
            expect(event.type).toBe(`Part${i % 3}`);
          });
        }
        const positions = all.map((e) => e.position);
        expect(new Set(positions).size).toBe(positions.length);
        // The file is fully usable after the crash.
        const again = await store.appendToStream(
          'after-crash',
          [{ id: crypto.randomUUID(), type: 'Ok', data: {}, metadata: {} }],
          { expectedRevision: 'no_stream' },
        );
        expect(again.nextExpectedRevision).toBe(0n);
        await store.close();
      } finally {
        file.remove();
      }
    },
    childProcessBudget(3),
  );
});
