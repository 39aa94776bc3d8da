/**
 * A resend names its call however it likes: by number (any case, leading zeros) or by id
 * (any case). It is the same command, answered `duplicate: true`; only another call, or other
 * content, is CommandIdReused. Commands recorded before digests named calls by id still
 * match a resend given as they were.
 */
import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { commandDigest } from '../../src/commands/idempotency.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { JsonObject } from '../../src/store/port.js';

const ann = { id: 'ann', role: 'agent' } as const;

async function twoCalls(store = new MemoryEventStore()) {
  const callstream = new Callstream({ store, customerValidation: false });
  const log = (at: string) =>
    callstream.execute({
      type: 'LogCall',
      commandId: uuid(),
      actor: ann,
      at,
      intake: { mode: 'knowledgeable', channel: 'phone' },
      subject: { kind: 'customer', customerId: 'acme' },
      description: 'Printer jammed',
    });
  const first = await log('2026-11-23T09:00:00Z');
  const second = await log('2026-11-23T09:05:00Z');
  return { callstream, first, second };
}

const note = (commandId: string, call: string) => ({
  type: 'AddInternalNote' as const,
  commandId,
  actor: ann,
  at: '2026-11-23T10:00:00Z',
  call,
  text: 'Customer called back',
});

describe('a resend naming its call otherwise', () => {
  it('is the same command, whether it named the call by number or by id first', async () => {
    const { callstream, first } = await twoCalls();
    const { callId, number } = first;
    expect(number).toBe('C-000001');
    const names = [number, callId, callId.toUpperCase(), 'c-000001', 'C-0000001'];
    for (const firstName of [number, callId]) {
      const commandId = uuid();
      const sent = await callstream.execute(note(commandId, firstName));
      expect(sent.duplicate).toBe(false);
      const head = await callstream.store.headPosition();
      for (const name of names) {
        const resent = await callstream.execute(note(commandId, name));
        expect({ name, duplicate: resent.duplicate }).toEqual({ name, duplicate: true });
        expect(resent.events).toEqual(sent.events);
      }
      expect(await callstream.store.headPosition()).toBe(head);
    }
    await callstream.close();
  });

  it('is CommandIdReused when it names another call, or says something else', async () => {
    const { callstream, first, second } = await twoCalls();
    const commandId = uuid();
    await callstream.execute(note(commandId, first.number));
    const head = await callstream.store.headPosition();
    for (const resend of [
      note(commandId, second.number),
      note(commandId, second.callId),
      { ...note(commandId, first.callId), text: 'Customer called twice' },
    ])
      await expect(callstream.execute(resend)).rejects.toMatchObject({ code: 'CommandIdReused' });
    expect(await callstream.store.headPosition()).toBe(head);
    await callstream.close();
  });

  it('still matches a command recorded with the digest of the call as given (before digests named calls by id)', async () => {
    // The history as the version before wrote it: the note's digest hashes `call` as sent.
    const { callstream: before, first } = await twoCalls();
    const commandId = uuid();
    const given = note(commandId, 'c-000001');
    await before.execute(given);
    const legacy = commandDigest({ ...given, at: new Date(given.at) });
    const store = new MemoryEventStore();
    for await (const event of before.store.readAll()) {
      const metadata: JsonObject =
        event.metadata.commandId === commandId
          ? { ...event.metadata, commandDigest: legacy }
          : event.metadata;
      await store.appendToStream(
        event.streamName,
        [{ id: event.id, type: event.type, data: event.data, metadata }],
        { expectedRevision: event.revision === 0n ? 'no_stream' : event.revision - 1n },
      );
    }
    await before.close();
    const callstream = new Callstream({ store, customerValidation: false });
    const head = await store.headPosition();
    expect((await callstream.execute(given)).duplicate).toBe(true);
    // Named otherwise, it cannot be told from another command by that digest: refused, as it was.
    await expect(callstream.execute(note(commandId, first.callId))).rejects.toMatchObject({
      code: 'CommandIdReused',
    });
    await expect(
      callstream.execute({ ...given, text: 'Customer called twice' }),
    ).rejects.toMatchObject({ code: 'CommandIdReused' });
    expect(await store.headPosition()).toBe(head);
    await callstream.close();
  });
});
