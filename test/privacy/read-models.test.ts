import { v4 as uuid } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { Callstream } from '../../src/callstream.js';
import { isPrivateStore } from '../../src/privacy/private-store.js';
import { WITHHELD, type SealedValue } from '../../src/privacy/sealed.js';
import { callAnalytics } from '../../src/projections/analytics.js';
import { openCallsFor } from '../../src/projections/board.js';
import type { CallSummary } from '../../src/projections/call-summary.js';
import { PrivateReadModels, storedReadModels } from '../../src/projections/read-models/private.js';
import type { JsonValue } from '../../src/store/port.js';
import { accept, serviceCompany, submit } from '../support/company.js';

const claire = { name: 'Claire Martin-Duval', email: 'claire@acme.example' };

async function requestedCall(): Promise<{ callstream: Callstream; callId: string }> {
  const { callstream } = await serviceCompany();
  await submit(callstream, 'r1', '2026-11-23T09:00:00Z', {
    sender: claire,
    serialNumber: 'SRV-1',
    body: 'The server in room 12 does not boot.',
  });
  const { call } = await accept(callstream, 'r1', '2026-11-23T09:05:00Z');
  return { callstream, callId: call!.callId };
}

describe('read models keep personal values sealed (issue 18)', () => {
  it('store the sealed value of the event they copied it from, and show it in clear', async () => {
    const { callstream, callId } = await requestedCall();
    const store = callstream.store;
    if (!isPrivateStore(store)) throw new Error('expected a store that seals personal data');
    let logged: SealedValue | undefined;
    for await (const event of store.sealed.readStream(`call-${callId}`))
      if (event.type === 'CallLogged')
        logged = (event.data as Record<string, JsonValue>).description as unknown as SealedValue;
    expect(logged?.$sealed).toBe(`requester:${callId}`);

    const stored = storedReadModels(callstream.readModels).get('calls', 'calls', callId)!;
    // The very ciphertext of the event: copied, not sealed again.
    expect(stored.description).toEqual(logged);
    const inbox = storedReadModels(callstream.readModels).get('requests', 'requests', 'r1')!;
    expect(JSON.stringify(inbox)).not.toContain(claire.name);
    expect(JSON.stringify(inbox)).toContain('"$sealed":"sender:r1"');

    expect((await callstream.summary(callId))!.description).toContain('does not boot');
    expect(callstream.inbox({ status: 'accepted' })[0]!.sender.name).toBe(claire.name);
    await callstream.close();
  });

  it('leave them sealed for a read that wants none (reports, the open calls on a serial number): no key read, nothing decrypted', async () => {
    const { callstream, callId } = await requestedCall();
    const readModels = callstream.readModels;
    if (!(readModels instanceof PrivateReadModels)) throw new Error('expected sealed read models');
    let keysRead = 0;
    const get = readModels.keys.get.bind(readModels.keys);
    readModels.keys.get = (subject) => (keysRead++, get(subject));
    const withheld = { personal: 'withheld' } as const;

    const [found] = readModels.find<CallSummary>('calls', 'calls', { open: true }, withheld);
    const all = [...readModels.all<CallSummary>('calls', 'calls', withheld)];
    expect([found!.description, ...all.map(([, call]) => call.description)]).toEqual([
      WITHHELD,
      WITHHELD,
    ]);
    expect(openCallsFor(readModels, 'acme', 'SRV-1')).toEqual([found!.number]);
    const customers = callAnalytics(readModels, 'customer', {
      from: new Date('2026-11-01T00:00:00Z'),
    });
    expect([...Object.keys(customers)]).toEqual(['acme']);
    await callstream.serviceLevelStatistics(new Date('2026-11-23T10:00:00Z'), 'customer');
    // The board as of an instant finds the open calls by the read model, and rebuilds each from its history.
    const [asOf] = await callstream.boardAsOf(new Date('2026-11-23T10:00:00Z'));
    expect(asOf!.callId).toBe(callId);
    expect(keysRead).toBe(0);

    // Any other read opens them, with the requester's key.
    expect(
      readModels.find<CallSummary>('calls', 'calls', { open: true })[0]!.description,
    ).toContain('does not boot');
    expect((await callstream.summary(callId))!.description).toContain('does not boot');
    expect(keysRead).toBe(2);
    await callstream.close();
  });

  it('look customers up by a keyed hash of the address, and show them erased without a rebuild once forgotten', async () => {
    const { callstream, callId } = await requestedCall();
    const identifiers = [
      ...storedReadModels(callstream.readModels).all('master-data', 'identifiers'),
    ].map(([key]) => key);
    expect(identifiers.length).toBeGreaterThan(0);
    for (const key of identifiers) expect(key).toMatch(/^#[\w-]{43}$/);
    const customer = callstream.readModels.get<{ identifiers: Record<string, unknown> }>(
      'master-data',
      'customers',
      'acme',
    )!;
    expect(Object.keys(customer.identifiers).some((key) => key.startsWith('email:'))).toBe(true);

    const rebuilt: string[][] = [];
    const rebuild = callstream.runner.rebuild.bind(callstream.runner);
    callstream.runner.rebuild = (names) => {
      rebuilt.push([...(names ?? ['every projection'])]);
      return rebuild(names);
    };
    await callstream.forgetPerson({
      commandId: uuid(),
      actor: { id: 'dpo', role: 'privacy-officer' },
      person: `requester:${callId}`,
      reason: 'DSR-1',
    });
    expect(rebuilt).toEqual([[]]);
    expect((await callstream.summary(callId))!.description).toBe('[erased]');
    expect(callstream.inbox({ status: 'accepted' })[0]!.sender.name).toBe('[erased]');
    expect((await callstream.verify()).differing).toBe(0);

    await callstream.forgetPerson({
      commandId: uuid(),
      actor: { id: 'dpo', role: 'privacy-officer' },
      person: 'customer:acme',
      reason: 'DSR-2',
    });
    // The identifier index is keyed by the values: the master data alone is rebuilt.
    expect(rebuilt.at(-1)).toEqual(['master-data']);
    expect((await callstream.verify()).differing).toBe(0);
    await callstream.close();
  });
});
