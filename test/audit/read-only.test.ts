import { copyFileSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { CallstreamReadOnly } from '../../src/commands/errors.js';
import { ReadModelsBehind, ReadModelsOutdated } from '../../src/projections/read-models-ahead.js';
import { StoreReadOnly } from '../../src/store/errors.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { temporaryDatabase } from '../support/files.js';
import { fireProtection } from '../support/fire-protection.js';

/**
 * An auditor's copy, a backup or a snapshot is opened for reading only (`readOnly`): it
 * answers as the live file would, proves its history, and is never written; what it cannot
 * answer truthfully as it is (read models behind its events) it refuses.
 */
const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

const agent = { id: 'ann', role: 'agent' as const };
const logCall = (description: string, at = '2026-11-23T09:00:00Z') => ({
  type: 'LogCall' as const,
  commandId: randomUUID(),
  actor: agent,
  at,
  intake: { mode: 'knowledgeable' as const, channel: 'phone' as const },
  subject: { kind: 'customer' as const, customerId: 'acme' },
  item: { item: 'server-r740' },
  description,
});

/** A file with two calls, one of them resolved, closed as the service leaves it; then copied for the auditor. */
async function auditorsCopy(name: string): Promise<string> {
  const live = join(tmp.dir, `${name}-live.db`);
  const callstream = await Callstream.open({ file: live, customerValidation: false });
  const first = await callstream.execute(logCall('Printer jams'));
  await callstream.execute(logCall('Server down', '2026-11-23T10:00:00Z'));
  await callstream.execute({
    type: 'ResolveCall',
    commandId: randomUUID(),
    actor: agent,
    at: '2026-11-23T11:00:00Z',
    call: first.number,
    solution: 'Cleared the paper path',
  });
  await callstream.close();
  const copy = join(tmp.dir, `${name}.db`);
  copyFileSync(live, copy);
  return copy;
}

describe('a file opened for reading only', () => {
  it('answers the board, a call, its transaction log and the proof of its history, and is not changed by a byte', async () => {
    const file = await auditorsCopy('answers');
    const before = readFileSync(file);
    const audit = await Callstream.open({ file, readOnly: true, customerValidation: false });
    try {
      expect(audit.board().map((row) => [row.number, row.status])).toEqual([
        ['C-000001', 'Solved'],
        ['C-000002', 'Registered'],
      ]);
      expect((await audit.call('C-000001')).status).toBe('Solved');
      const log = await audit.log('C-000001');
      expect(log.map((entry) => entry.eventType)).toContain('CallResolved');
      const proof = await audit.verifyHistory();
      expect(proof.intact).toBe(true);
      expect(proof.events).toBeGreaterThan(0);
      expect((await audit.verify()).differing).toBe(0);
    } finally {
      await audit.close();
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('opens a file written before the keys of forgotten persons were indexed', async () => {
    const file = await auditorsCopy('older');
    const older = new Database(file);
    older.exec('DROP INDEX person_keys_forgotten');
    older.close();
    const audit = await Callstream.open({ file, readOnly: true, customerValidation: false });
    try {
      expect((await audit.call('C-000001')).status).toBe('Solved');
      expect(audit.board()).toHaveLength(2);
    } finally {
      await audit.close();
    }
  });

  it('refuses read models an earlier callstream wrote, which need an index the file cannot take (ReadModelsOutdated)', async () => {
    const file = await auditorsCopy('outdated');
    const earlier = new Database(file);
    const index = earlier
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'rm_calls_calls__%' LIMIT 1",
      )
      .pluck()
      .get() as string;
    earlier.exec(`DROP INDEX ${index}`);
    earlier.close();
    const before = readFileSync(file);
    const error = await Callstream.open({ file, readOnly: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadModelsOutdated);
    expect((error as Error).message).toMatch(/open a copy of it for writing once/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses every command and process with CallstreamReadOnly, writing nothing', async () => {
    const file = await auditorsCopy('refuses');
    const before = readFileSync(file);
    const audit = await Callstream.open({ file, readOnly: true, customerValidation: false });
    try {
      await expect(audit.execute(logCall('Not recorded'))).rejects.toBeInstanceOf(
        CallstreamReadOnly,
      );
      await expect(audit.executeJson(logCall('Not recorded'))).rejects.toThrow(
        /open for reading only: nothing was written/,
      );
      await expect(audit.runBilling()).rejects.toBeInstanceOf(CallstreamReadOnly);
      await expect(audit.escalate(new Date('2026-11-23T12:00:00Z'))).rejects.toBeInstanceOf(
        CallstreamReadOnly,
      );
      await expect(audit.queueNotifications()).rejects.toBeInstanceOf(CallstreamReadOnly);
      await expect(audit.runPlanner(new Date('2026-11-23T12:00:00Z'))).rejects.toBeInstanceOf(
        CallstreamReadOnly,
      );
      await expect(
        audit.forgetPerson({
          type: 'ForgetPerson',
          commandId: randomUUID(),
          actor: { id: 'dpo', role: 'privacy-officer' },
          at: '2026-11-23T12:00:00Z',
          person: 'someone',
          reason: 'DSR-1',
        }),
      ).rejects.toBeInstanceOf(CallstreamReadOnly);
      expect(audit.board()).toHaveLength(2);
    } finally {
      await audit.close();
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses read models that have not seen every event (ReadModelsBehind), and reads them once a writable open caught them up', async () => {
    const file = join(tmp.dir, 'behind.db');
    const manual = await Callstream.open({
      file,
      projectionMode: 'manual',
      customerValidation: false,
    });
    await manual.execute(logCall('Printer jams'));
    await manual.catchUp();
    await manual.execute(logCall('Recorded after the read models'));
    const head = await manual.store.headPosition();
    await manual.close();
    // Opened writable, manual mode would catch up: the file is opened for reading only at once.
    const refused = await Callstream.open({ file, readOnly: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ReadModelsBehind);
    expect((refused as ReadModelsBehind).head).toBe(head);
    expect((refused as Error).message).toMatch(/cannot bring them up to date/);
    const writable = await Callstream.open({ file, customerValidation: false });
    await writable.close();
    const audit = await Callstream.open({ file, readOnly: true });
    expect(audit.board()).toHaveLength(2);
    await audit.close();
  });

  it("answers the maintenance plans once a writable open caught the planner's index up; before, says it is behind (ReadModelsBehind), not that the file cannot be written", async () => {
    const file = join(tmp.dir, 'plans.db');
    const { callstream: live } = await fireProtection({ file });
    // The planner's index follows the commands only when the planner runs: behind at close.
    await live.close();
    const copy = join(tmp.dir, 'plans-copy.db');
    copyFileSync(file, copy);
    const before = readFileSync(copy);
    const audit = await Callstream.open({ file: copy, readOnly: true });
    const refused = await audit.maintenancePlans().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ReadModelsBehind);
    expect((refused as ReadModelsBehind).projection).toBe('planned-work');
    const until = new Date('2026-07-01T00:00:00Z');
    expect(await audit.duePlannedWork(until).catch((e: unknown) => e)).toBeInstanceOf(
      ReadModelsBehind,
    );
    await audit.close();
    expect(readFileSync(copy).equals(before)).toBe(true);

    await (await Callstream.open({ file: copy, customerValidation: false })).close();
    const caughtUp = await Callstream.open({ file: copy, readOnly: true });
    try {
      expect((await caughtUp.maintenancePlans()).map((plan) => plan.id)).toEqual([
        'fire-extinguishers',
      ]);
      // Two inspections (January, April) and the service (June) of each of acme's extinguishers.
      const due = (await caughtUp.duePlannedWork(until)).occurrences;
      expect(due.map((o) => `${o.serialNumber} ${o.taskId}`).sort()).toEqual(
        ['EXT-1', 'EXT-2'].flatMap((serial) => [
          `${serial} inspection`,
          `${serial} inspection`,
          `${serial} service`,
        ]),
      );
    } finally {
      await caughtUp.close();
    }
  });

  it('is a SQLite file of its own: no EventStoreDB, no stores given, no live mode', async () => {
    const file = await auditorsCopy('options');
    for (const options of [
      { readOnly: true },
      { file, readOnly: true, eventStoreDb: 'esdb://localhost:2113?tls=false' },
      { file, readOnly: true, projectionMode: 'live' as const },
    ]) {
      const error = await Callstream.open(options).catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('ValidationError');
      expect((error as Error).message).toMatch(/readOnly: /);
    }
  });

  it('refuses an append at the store itself (StoreReadOnly), whoever asks', async () => {
    const file = await auditorsCopy('store');
    const store = new SqliteEventStore(file, { readOnly: true });
    try {
      const head = await store.headPosition();
      const error = await store
        .appendToStream('call-x', [{ id: randomUUID(), type: 'Noted', data: {}, metadata: {} }], {
          expectedRevision: 'any',
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreReadOnly);
      expect(await store.headPosition()).toBe(head);
    } finally {
      await store.close();
    }
  });
});
