import { afterEach, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { canVerifyHistory } from '../../src/audit/store-history.js';
import { CommandIdReused } from '../../src/commands/errors.js';
import { receiptStreamOf } from '../../src/commands/idempotency.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import type { EventStore } from '../../src/store/port.js';
import { collect } from '../store/contract.js';
import { temporaryDatabase } from '../support/files.js';
import { HeldStore } from '../support/held-store.js';
import { ServerStore } from '../support/server-store.js';
import { logAt, officeCallstream } from '../support/office.js';
import { command, staff } from '../support/pipeline.js';

/**
 * A command that changed nothing names one command forever, like any other: its resend is
 * answered from its receipt, never decided anew, whatever was recorded since. The case that
 * matters: an escalation as of 10:00 that found no level reached; a priority raised since,
 * dated 09:30, makes a level due as of 10:00; the resend must not escalate.
 */
/** Where the events go: nothing given is the memory store. */
const stores: Array<[string, () => { options: { store?: EventStore }; close?(): Promise<void> }]> =
  [
    ['the memory store', () => ({ options: {} })],
    [
      'a store that judges ids as EventStoreDB does',
      () => ({ options: { store: new ServerStore() } }),
    ],
    [
      'a SQLite file',
      () => {
        const file = temporaryDatabase();
        const store = new SqliteEventStore(file.path);
        return {
          options: { store },
          close: async () => {
            await store.close();
            file.remove();
          },
        };
      },
    ],
  ];

/** Sam's judgement of a call's service level as of an instant. */
const escalationOf = (number: string, asOf: string) =>
  command({ type: 'EscalateServiceLevel', actor: staff.sam, call: number, asOf, at: asOf });

/** A priority raised to 1 (response within one working hour), dated 08:30: before the escalation's instant. */
const raisePriority = (callstream: Callstream, number: string) =>
  callstream.execute(
    command({
      type: 'SetPriority',
      call: number,
      priority: 1, // response within one working hour: reached by 10:00 Paris
      reason: 'Whole office down',
      at: '2026-11-23T08:30:00Z',
    }),
  );

describe.each(stores)('a command that changed nothing, on %s', (_, open) => {
  let opened: ReturnType<typeof open> | undefined;
  afterEach(() => opened?.close?.());

  async function given() {
    opened = open();
    const { callstream } = await officeCallstream(opened.options);
    // Monday 09:00 Paris, priority 2: the response is due within 4 working hours.
    const call = await logAt(callstream, '2026-11-23T08:00:00Z');
    const escalation = escalationOf(call.number, '2026-11-23T09:00:00Z'); // one working hour used: no level reached
    const first = await callstream.execute(escalation);
    return { callstream, call, escalation, first };
  }

  it('is answered, when resent after a change that would make it write, from what it decided then', async () => {
    const { callstream, call, escalation, first } = await given();
    expect(first).toMatchObject({ events: [], duplicate: false, revision: call.revision });
    await raisePriority(callstream, call.number);
    const head = await callstream.store.headPosition();

    const resent = await callstream.execute(escalation);

    expect(resent).toMatchObject({ events: [], duplicate: true, revision: call.revision });
    expect(resent.state).toEqual(first.state);
    expect(await callstream.store.headPosition()).toBe(head);
    expect((await callstream.call(call.number)).serviceLevel!.escalations).toEqual({});
    // The same judgement under another command id does escalate: the resend would have written.
    const fresh = await callstream.execute({ ...escalation, commandId: uuid() });
    expect(fresh.events.map((e) => e.type)).toEqual([
      'ServiceLevelEscalated',
      'ServiceLevelEscalated',
    ]);
  });

  it('is answered from its receipt also when it would change nothing again', async () => {
    const { callstream, escalation, first } = await given();
    const head = await callstream.store.headPosition();
    const resent = await callstream.execute(escalation);
    expect(resent).toMatchObject({ events: [], duplicate: true, position: first.position });
    expect(await callstream.store.headPosition()).toBe(head);
  });

  it('refuses its id with other content (another instant, another call) and writes nothing', async () => {
    const { callstream, escalation } = await given();
    const other = await logAt(callstream, '2026-11-23T08:00:00Z');
    const head = await callstream.store.headPosition();
    await expect(
      callstream.execute({ ...escalation, asOf: '2026-11-23T09:05:00Z' }),
    ).rejects.toMatchObject({ constructor: CommandIdReused, differs: 'payload' });
    await expect(callstream.execute({ ...escalation, call: other.number })).rejects.toMatchObject({
      constructor: CommandIdReused,
      differs: 'payload', // the call it names is part of what the command says
    });
    expect(await callstream.store.headPosition()).toBe(head);
  });

  it('leaves a receipt that says who sent what, on which stream and revision, and that audits read', async () => {
    const { callstream, call, escalation, first } = await given();
    const [receipt, ...more] = await collect(
      callstream.store.readStream(receiptStreamOf(escalation.commandId)),
    );
    expect(more).toEqual([]);
    expect(receipt).toMatchObject({
      type: 'CommandChangedNothing',
      position: first.position,
      data: { stream: `call-${call.callId}`, revision: Number(call.revision) },
      metadata: {
        commandId: escalation.commandId,
        commandType: 'EscalateServiceLevel',
        actor: { id: 'sam', role: 'supervisor' },
        occurredAt: '2026-11-23T09:00:00.000Z',
      },
    });
    // The seals are the store's own (EventStoreDB: periodic seals, tested against a server).
    if (canVerifyHistory(callstream.store))
      expect(await callstream.verifyHistory()).toMatchObject({ intact: true });
    expect(await callstream.verify()).toMatchObject({ differences: [] });
    // Nothing in the call's own history: its transaction log shows no change.
    expect(
      (await callstream.log(call.number, { audience: 'internal' })).filter(
        (entry) => entry.at >= '2026-11-23T09',
      ),
    ).toEqual([]);
  });
});

describe('a command that changed nothing, against other writers (memory store)', () => {
  /** Two processes on one store: `a` decides, held at the store's door; `b` writes meanwhile. */
  async function twoProcesses() {
    const store = new HeldStore();
    const { callstream: a } = await officeCallstream({ store });
    const b = new Callstream({ store, customerValidation: false });
    const call = await logAt(a, '2026-11-23T08:00:00Z');
    const escalation = escalationOf(call.number, '2026-11-23T09:00:00Z');
    // Held: the append of the receipt (with the guard of the call's revision it was decided on).
    store.holdFirst((parts) =>
      parts.some(
        (part) =>
          part.streamName === receiptStreamOf(escalation.commandId) ||
          part.streamName === `call-${call.callId}`,
      ),
    );
    return { store, a, b, call, escalation };
  }

  it('is decided again when the call changed after it was decided, before its receipt', async () => {
    const { store, a, b, call, escalation } = await twoProcesses();
    const first = a.execute(escalation);
    await store.reached;
    await raisePriority(b, call.number);
    store.open();
    expect((await first).events.map((e) => e.type)).toEqual([
      'ServiceLevelEscalated',
      'ServiceLevelEscalated',
    ]);
    expect(await collect(store.readStream(receiptStreamOf(escalation.commandId)))).toEqual([]);
  });

  it('answers duplicate when another execution of the same id wrote meanwhile', async () => {
    const { store, a, b, call, escalation } = await twoProcesses();
    const first = a.execute(escalation);
    await store.reached;
    await raisePriority(b, call.number);
    const other = await b.execute(escalation);
    store.open();
    expect(other).toMatchObject({ duplicate: false });
    expect(await first).toMatchObject({ duplicate: true, events: other.events });
  });
});

describe.each(stores)('a command that changed nothing, resent, on %s', (_, open) => {
  let opened: ReturnType<typeof open> | undefined;
  afterEach(() => opened?.close?.());
  const office = () => officeCallstream((opened = open()).options);

  it('is answered from its receipt though the call has moved on past its instant', async () => {
    const { callstream } = await office();
    const call = await logAt(callstream, '2026-11-23T08:00:00Z');
    const escalation = escalationOf(call.number, '2026-11-23T09:00:00Z');
    await callstream.execute(escalation);
    await callstream.execute(
      command({
        type: 'AddFollowUp',
        call: call.number,
        text: 'Still down',
        at: '2026-11-23T09:30:00Z',
      }),
    );
    // Decided anew it would be refused (OutOfOrder): the call changed after 09:00.
    expect(await callstream.execute(escalation)).toMatchObject({ duplicate: true, events: [] });
  });

  it('its id reused for a command that writes other streams first is refused before it writes', async () => {
    const { callstream } = await office();
    const call = await logAt(callstream, '2026-11-23T08:00:00Z');
    const escalation = escalationOf(call.number, '2026-11-23T08:05:00Z');
    await callstream.execute(escalation);
    await callstream.execute(
      command({
        type: 'SubmitRequest',
        actor: staff.mail,
        requestId: 'r1',
        channel: 'email',
        sender: { email: 'carl@acme.example' },
        summary: 'Paper jam',
        body: 'The printer jams.',
      }),
    );
    const head = await callstream.store.headPosition();
    await expect(
      callstream.execute(
        command({
          type: 'AcceptRequest',
          commandId: escalation.commandId,
          requestId: 'r1',
          customerId: 'acme',
        }),
      ),
    ).rejects.toBeInstanceOf(CommandIdReused);
    expect(await callstream.store.headPosition()).toBe(head);
  });
});

describe('the escalation process', () => {
  it('sends a command only to a call with a level due: a run that escalates nothing writes nothing', async () => {
    const { callstream } = await officeCallstream();
    await logAt(callstream, '2026-11-23T08:00:00Z');
    await logAt(callstream, '2026-11-23T10:00:00Z');
    const head = await callstream.store.headPosition();
    const quiet = await callstream.escalate(new Date('2026-11-23T10:30:00Z'));
    expect(quiet).toMatchObject({ calls: 2, overtaken: 0, escalations: [] });
    expect(await callstream.store.headPosition()).toBe(head);
    // 12:30 Paris: the first call has used 3 of its 4 hours; the second 1.5.
    const due = await callstream.escalate(new Date('2026-11-23T11:30:00Z'));
    expect(due.escalations.map((e) => `${e.number}:${e.target}:${e.level}`)).toEqual([
      'C-000001:response:warning',
    ]);
    expect(await callstream.store.headPosition()).toBe(head! + 1n);
  });
});
