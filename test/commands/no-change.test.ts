import { afterEach, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { Callstream } from '../../src/callstream.js';
import { CommandIdReused } from '../../src/commands/errors.js';
import { receiptStreamOf } from '../../src/commands/idempotency.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import type { EventStore } from '../../src/store/port.js';
import { collect } from '../store/contract.js';
import { temporaryDatabase } from '../support/files.js';
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

describe.each(stores)('a command that changed nothing, on %s', (_, open) => {
  let opened: ReturnType<typeof open> | undefined;
  afterEach(() => opened?.close?.());

  async function given() {
    opened = open();
    const { callstream } = await officeCallstream(opened.options);
    // Monday 09:00 Paris, priority 2: the response is due within 4 working hours.
    const call = await logAt(callstream, '2026-11-23T08:00:00Z');
    const escalation = command({
      type: 'EscalateServiceLevel',
      actor: staff.sam,
      call: call.number,
      asOf: '2026-11-23T09:00:00Z', // one working hour used: no level reached
      at: '2026-11-23T09:00:00Z',
    });
    const first = await callstream.execute(escalation);
    return { callstream, call, escalation, first };
  }

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
