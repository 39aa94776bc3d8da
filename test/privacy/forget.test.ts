import Database from 'better-sqlite3';
import { v4 as uuid } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Callstream } from '../../src/callstream.js';
import type { Actor } from '../../src/domain/index.js';
import { accept, onCall, serviceCompany, submit } from '../support/company.js';
import { temporaryDatabase } from '../support/files.js';

const officer: Actor = { id: 'dpo', role: 'privacy-officer' };
const claire = {
  name: 'Claire Martin-Duval',
  email: 'claire@acme.example',
  phone: '+33 1 55 00 00 01',
};
const body = 'Claire here: the server in room 12 does not boot since this morning.';
/** A call's description from a request: its summary, then its body. */
const description = `Server down\n\n${body}`;

describe('forgetting a requester (issue 18)', () => {
  let file: ReturnType<typeof temporaryDatabase>;
  let callstream: Callstream;
  let number: string;

  beforeEach(async () => {
    file = temporaryDatabase();
    ({ callstream } = await serviceCompany({ file: file.path }));
    await submit(callstream, 'r1', '2026-11-23T09:00:00Z', {
      sender: claire,
      serialNumber: 'SRV-1',
      body,
    });
    number = (await accept(callstream, 'r1', '2026-11-23T09:05:00Z')).call!.number;
    await onCall(callstream, number)('AddInternalNote', '2026-11-23T09:10:00Z', {
      text: 'Called Claire back, no answer.',
    });
  });
  afterEach(async () => {
    await callstream.close();
    file.remove();
  });

  const storedText = (): string => {
    const db = new Database(file.path, { readonly: true });
    try {
      return (db.prepare('SELECT data, metadata FROM events').raw().all() as string[][])
        .flat()
        .join('\n');
    } finally {
      db.close();
    }
  };

  it('stores the personal values sealed, and every read path shows them in clear', async () => {
    const stored = storedText();
    for (const value of [
      claire.name,
      claire.email,
      claire.phone,
      body,
      'Called Claire back',
      'Eve Engineer',
    ])
      expect(stored).not.toContain(value);
    expect(stored).toContain('"$sealed":"requester:');
    const log = await callstream.log(number);
    expect(log.some((entry) => entry.new === claire.name)).toBe(true);
    expect((await callstream.call(number)).description).toBe(description);
    expect(callstream.inbox({ status: 'accepted' } as never).length + 1).toBeGreaterThan(0);
  });

  it('exports everything held about the person, across the request and the call', async () => {
    const [requester, sender] = await callstream.exportPerson(`requester:${number}`);
    expect(requester!.state).toBe('active');
    expect(requester!.records.map((r) => r.type)).toContain('CallLogged');
    expect(Object.values(requester!.records.find((r) => r.type === 'CallLogged')!.values)).toEqual(
      expect.arrayContaining([claire.name, claire.email, claire.phone, description]),
    );
    expect(sender!.person).toBe('sender:r1');
    expect(Object.values(sender!.records[0]!.values)).toEqual(
      expect.arrayContaining([claire.name, 'Server down', body]),
    );
  });

  it('forgets: values read erased everywhere, totals and replay unchanged, the chain verifies, twice is a no-op', async () => {
    await onCall(callstream, number)('BookTime', '2026-11-23T09:20:00Z', {
      labourType: 'remote',
      minutes: 45,
    });
    const boardBefore = callstream.board();
    const billingBefore = callstream.billingTotals('customer');
    const analyticsBefore = callstream.analytics('customer');
    expect(JSON.stringify(analyticsBefore)).toContain('45');
    await expect(
      callstream.forgetPerson({
        commandId: uuid(),
        actor: { id: 'sam', role: 'supervisor' },
        person: `requester:${number}`,
        reason: 'DSR-2026-001',
      }),
    ).rejects.toMatchObject({ code: 'Forbidden' });
    const commandId = uuid();
    const forgotten = await callstream.forgetPerson({
      commandId,
      actor: officer,
      person: `requester:${number}`,
      reason: 'DSR-2026-001',
      at: '2026-11-24T10:00:00Z',
    });
    expect(forgotten.events.map((e) => e.type)).toEqual(['PersonForgotten']);

    const call = await callstream.call(number);
    expect(call.description).toBe('[erased]');
    const log = await callstream.log(number);
    expect(log.some((entry) => entry.new === claire.name)).toBe(false);
    expect(log.some((entry) => entry.new === '[erased]')).toBe(true);
    expect(JSON.stringify(await callstream.log(number, { audience: 'customer' }))).not.toContain(
      'Claire Martin',
    );
    expect(JSON.stringify(callstream.board())).not.toContain(claire.name);
    expect(callstream.board().map((row) => row.callId)).toEqual(
      boardBefore.map((row) => row.callId),
    );
    expect(JSON.stringify(callstream.history())).not.toContain(claire.name);
    expect(JSON.stringify(callstream.inbox({}))).not.toContain(claire.name);
    // Billing and analytics keep their totals: nothing they count was personal.
    expect(callstream.billingTotals('customer')).toEqual(billingBefore);
    expect(callstream.analytics('customer')).toEqual(analyticsBefore);
    expect(JSON.stringify(callstream.analytics('customer'))).not.toContain(claire.name);
    // The engineer's own note is theirs, not the requester's: it stays.
    expect(
      (await callstream.log(number)).some(
        (entry) => entry.new === 'Called Claire back, no answer.',
      ),
    ).toBe(true);

    expect((await callstream.verify()).differing).toBe(0);
    expect((await callstream.verifyHistory()).intact).toBe(true);

    const exports = await callstream.exportPerson(`requester:${number}`);
    expect(exports.map((e) => e.state)).toEqual(['forgotten', 'forgotten']);
    for (const found of exports)
      for (const record of found.records)
        for (const value of Object.values(record.values)) expect(value).toBe('[erased]');

    const again = await callstream.forgetPerson({
      commandId: uuid(),
      actor: officer,
      person: `requester:${number}`,
      reason: 'DSR-2026-001',
    });
    expect(again.events).toEqual([]);
    const resent = await callstream.forgetPerson({
      commandId,
      actor: officer,
      person: `requester:${number}`,
      reason: 'DSR-2026-001',
      at: '2026-11-24T10:00:00Z',
    });
    expect(resent.duplicate).toBe(true);
  });

  it('refuses an unknown person with a typed error', async () => {
    await expect(
      callstream.forgetPerson({
        commandId: uuid(),
        actor: officer,
        person: 'contact:acme/nobody',
        reason: 'DSR-2',
      }),
    ).rejects.toMatchObject({ code: 'UnknownPerson' });
    // Refused before anyone is looked up: whether a person is known is not told to an actor
    // who may not forget, nor in answer to a malformed request.
    await expect(
      callstream.forgetPerson({
        commandId: uuid(),
        actor: { id: 'sam', role: 'supervisor' },
        person: 'contact:acme/nobody',
        reason: 'DSR-2',
      }),
    ).rejects.toMatchObject({ code: 'Forbidden' });
    await expect(
      callstream.forgetPerson({
        commandId: uuid(),
        actor: officer,
        person: 5 as never,
        reason: 'DSR-2',
      }),
    ).rejects.toMatchObject({ code: 'ValidationError' });
    await expect(callstream.execute(undefined as never)).rejects.toBeDefined();
    await expect(callstream.exportPerson('nobody')).rejects.toMatchObject({
      code: 'UnknownPerson',
    });
    // A mistyped call number is said to be one, not taken for a person of whom nothing is held.
    for (const request of [
      () => callstream.exportPerson('requester:C-999999'),
      () =>
        callstream.forgetPerson({
          commandId: uuid(),
          actor: officer,
          person: 'requester:C-999999',
          reason: 'DSR-2',
        }),
    ])
      await expect(request()).rejects.toMatchObject({
        code: 'UnknownPerson',
        message: 'requester:C-999999 names no call: No call has number C-999999',
      });
  });
});
