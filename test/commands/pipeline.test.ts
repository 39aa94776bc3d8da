import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import {
  CommandIdReused,
  ConcurrencyConflict,
  Forbidden,
  ValidationError,
} from '../../src/commands/errors.js';
import { callStreamName, loadCall } from '../../src/streams/index.js';
import type { DomainError } from '../../src/domain/index.js';
import { WrongExpectedRevision } from '../../src/store/errors.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { EventStore } from '../../src/store/port.js';
import { collect } from '../store/contract.js';
import { command, logCallRequest, staff, testPipeline } from '../support/pipeline.js';

describe('command pipeline', () => {
  describe('validation at the boundary', () => {
    it.each([
      ['not an object', 'LogCall', []],
      ['unknown type', { type: 'FixEverything', commandId: uuid(), actor: staff.ann }, ['type']],
      [
        'missing fields',
        { type: 'ResolveCall', commandId: uuid(), actor: staff.ann, call: 'C-000001' },
        ['solution'],
      ],
      [
        'mistyped fields',
        {
          type: 'BookTime',
          commandId: 'not-a-uuid',
          actor: staff.ann,
          call: 'C-000001',
          labourType: 'remote',
          minutes: '45',
        },
        ['commandId', 'minutes'],
      ],
      [
        'a misspelt field',
        {
          type: 'ResolveCall',
          commandId: uuid(),
          actor: staff.ann,
          call: 'C-000001',
          solution: 'x',
          soluton: 'x',
        },
        [''],
      ],
      [
        'an unknown role',
        {
          type: 'ResolveCall',
          commandId: uuid(),
          actor: { id: 'x', role: 'king' },
          call: 'C-000001',
          solution: 'x',
        },
        ['actor.role'],
      ],
      [
        'material finer than a thousandth of a unit (it would be invoiced as another quantity)',
        {
          type: 'BookMaterial',
          commandId: uuid(),
          actor: staff.ann,
          call: 'C-000001',
          workDate: '2026-11-23',
          item: 'toner',
          quantity: 1.2345,
        },
        ['quantity'],
      ],
      [
        'an absurd size',
        {
          type: 'AddFollowUp',
          commandId: uuid(),
          actor: staff.ann,
          call: 'C-000001',
          text: 'x'.repeat(300_000),
        },
        [''],
      ],
      [
        'absurd numbers',
        {
          type: 'BookTime',
          commandId: uuid(),
          actor: staff.ann,
          call: 'C-000001',
          labourType: 'remote',
          minutes: 1e9,
        },
        ['minutes'],
      ],
      [
        'a bad instant',
        {
          type: 'ResolveCall',
          commandId: uuid(),
          actor: staff.ann,
          call: 'C-000001',
          solution: 'x',
          at: '2026-13-45',
        },
        ['at'],
      ],
    ])(
      'refuses %s with a typed error listing the paths, and writes nothing',
      async (_, input, paths) => {
        const { pipeline, store } = testPipeline();
        const error = await pipeline.executeJson(input).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((i) => i.path)).toEqual(
          expect.arrayContaining(paths as string[]),
        );
        expect(await store.headPosition()).toBeUndefined();
      },
    );
  });

  describe('authorisation by role', () => {
    it('forbids a customer to assign or book time, and a call-taker to resolve', async () => {
      const { pipeline } = testPipeline();
      const { number } = await pipeline.execute(logCallRequest());
      for (const [actor, request] of [
        [staff.carl, { type: 'AssignCall', call: number, engineer: 'eve' }],
        [staff.carl, { type: 'BookTime', call: number, labourType: 'remote', minutes: 10 }],
        [staff.rita, { type: 'ResolveCall', call: number, solution: 'x' }],
      ] as const) {
        const error = await pipeline
          .execute(command({ ...request, actor }))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Forbidden);
        expect((error as Forbidden).message).toMatch(
          new RegExp(`A ${actor.role} may not ${request.type}`),
        );
      }
    });

    it('lets a customer act only on the calls of their own customer', async () => {
      const { pipeline } = testPipeline();
      const other = await pipeline.execute(
        logCallRequest({ subject: { kind: 'customer', customerId: 'globex' } }),
      );
      const error = await pipeline
        .execute(
          command({ type: 'AddFollowUp', actor: staff.carl, call: other.number, text: 'hi' }),
        )
        .catch((e: unknown) => e);
      expect((error as DomainError).code).toBe('NotYourCall');
      const own = await pipeline.execute(logCallRequest());
      const added = await pipeline.execute(
        command({ type: 'AddFollowUp', actor: staff.carl, call: own.number, text: 'More detail' }),
      );
      expect(added.events.map((e) => e.type)).toEqual(['FollowUpAdded']);
    });
  });

  describe('the life of a call', () => {
    it('runs a call through its whole life, by number, with revisions and the state after each step', async () => {
      const { pipeline, store } = testPipeline();
      const logged = await pipeline.execute(logCallRequest());
      expect(logged).toMatchObject({
        number: 'C-000001',
        revision: 1n,
        duplicate: false,
        warnings: [],
      });
      expect(logged.events.map((e) => e.type)).toEqual(['CallLogged', 'PrioritySet']);
      const steps = [
        command({ type: 'AssignCall', call: logged.number, group: 'servers-l1', engineer: 'eve' }),
        command({ type: 'StartWork', actor: staff.eve, call: logged.number }),
        command({
          type: 'RecordDiagnosis',
          actor: staff.eve,
          call: logged.number,
          symptom: 'No POST',
          cause: 'PSU',
        }),
        command({
          type: 'AuthoriseRma',
          actor: staff.eve,
          call: logged.number,
          depot: 'depot-lyon',
        }),
        command({
          type: 'ReceiveRmaItem',
          actor: staff.eve,
          call: logged.number,
          transferId: 'T1',
        }),
        command({
          type: 'RecordRmaRepair',
          actor: staff.eve,
          call: logged.number,
          transferId: 'T1',
          report: 'New PSU',
        }),
        command({ type: 'ShipRmaItem', actor: staff.eve, call: logged.number, transferId: 'T1' }),
        command({
          type: 'BookTime',
          actor: staff.eve,
          call: logged.number,
          labourType: 'depot',
          minutes: 90,
        }),
        command({
          type: 'ResolveCall',
          actor: staff.eve,
          call: logged.number,
          solution: 'PSU replaced at the depot',
        }),
        command({ type: 'AcceptSolution', actor: staff.carl, call: logged.number }),
        command({ type: 'CloseCall', call: logged.number }),
        command({ type: 'ArchiveCall', actor: staff.sam, call: logged.callId }),
      ];
      const statuses = [];
      for (const step of steps) statuses.push((await pipeline.execute(step)).state.status);
      expect(statuses).toEqual([
        'Assigned',
        'InProcess',
        'InProcess',
        'Transferred',
        'Transferred',
        'Transferred',
        'InProcess',
        'InProcess',
        'Solved',
        'Accepted',
        'Closed',
        'Archived',
      ]);
      const stored = await collect(store.readStream(callStreamName(logged.callId)));
      expect(stored).toHaveLength(14);
      expect(stored[13]!.metadata).toMatchObject({
        actor: staff.sam,
        commandType: 'ArchiveCall',
        schemaVersion: 1,
      });
    });

    it('decodes stored events through their schemas: instants come back as Dates', async () => {
      const { pipeline, store } = testPipeline();
      const logged = await pipeline.execute(
        logCallRequest({ reportedAt: '2026-11-23T08:30:00+01:00' }),
      );
      const { state } = await loadCall(store, logged.callId);
      expect(state!.reportedAt).toEqual(new Date('2026-11-23T07:30:00.000Z'));
      expect(state!.serviceLevel!.responseDueAt).toBeInstanceOf(Date);
      expect(state).toEqual(logged.state);
    });

    it('reopens a closed call as a new linked call flagged Bad Fix, and records the link on the original (A8)', async () => {
      const { pipeline, store } = testPipeline();
      const logged = await pipeline.execute(logCallRequest());
      await pipeline.execute(
        command({ type: 'ResolveCall', call: logged.number, solution: 'Restarted' }),
      );
      await pipeline.execute(command({ type: 'CloseCall', call: logged.number }));
      const reopened = await pipeline.execute(
        command({
          type: 'ReopenCall',
          actor: staff.carl,
          call: logged.number,
          reason: 'No boot again',
        }),
      );
      expect(reopened.successor).toMatchObject({ number: 'C-000002' });
      expect(reopened.state.reopenedAs[reopened.successor!.callId]).toEqual(reopened.successor);
      const successor = await loadCall(store, reopened.successor!.callId);
      expect(successor.state).toMatchObject({
        number: 'C-000002',
        status: 'Registered',
        badFix: true,
        reopenedFrom: { callId: logged.callId, number: 'C-000001' },
        subject: logged.state.subject,
        item: logged.state.item,
        intake: { mode: 'electronic', channel: 'phone' },
      });
    });

    it('links the successor an interrupted reopening logged, instead of logging a second one', async () => {
      const memory = new MemoryEventStore();
      let interrupt = true;
      const store: EventStore = Object.assign(Object.create(memory) as EventStore, {
        appendToStream: (
          stream: string,
          events: Parameters<EventStore['appendToStream']>[1],
          options: Parameters<EventStore['appendToStream']>[2],
        ) => {
          if (interrupt && events.some((e) => e.type === 'CallReopened')) {
            interrupt = false;
            return Promise.reject(new Error('process killed'));
          }
          return memory.appendToStream(stream, events, options);
        },
      });
      const { pipeline } = testPipeline({ store });
      const logged = await pipeline.execute(logCallRequest());
      await pipeline.execute(
        command({ type: 'ResolveCall', call: logged.number, solution: 'Restarted' }),
      );
      await pipeline.execute(command({ type: 'CloseCall', call: logged.number }));
      await expect(
        pipeline.execute(
          command({ type: 'ReopenCall', call: logged.number, reason: 'No boot again' }),
        ),
      ).rejects.toThrow('process killed');
      const reopened = await pipeline.execute(
        command({ type: 'ReopenCall', call: logged.number, reason: 'No boot again' }),
      );
      expect(reopened.successor).toMatchObject({ number: 'C-000002' });
      expect(Object.values(reopened.state.reopenedAs)).toEqual([reopened.successor]);
      // One successor at a time: reopened again only once the first is closed.
      const reopenAgain = () =>
        pipeline.execute(command({ type: 'ReopenCall', call: logged.number, reason: 'And again' }));
      await expect(reopenAgain()).rejects.toMatchObject({
        code: 'AlreadyReopened',
        message:
          'Call C-000001 was reopened as C-000002, which is still open (Registered): add what the customer says to C-000002 (AddFollowUp), or reopen it once it is closed',
      });
      const second = reopened.successor!.number;
      await pipeline.execute(command({ type: 'ResolveCall', call: second, solution: 'Reseated' }));
      await pipeline.execute(command({ type: 'CloseCall', call: second }));
      expect((await reopenAgain()).successor).toMatchObject({ number: 'C-000003' });
    });

    it('refuses a command dated before the call’s last change, and writes nothing', async () => {
      const { pipeline, store } = testPipeline();
      const logged = await pipeline.execute(logCallRequest({ at: '2026-11-23T10:00:00Z' }));
      const error = await pipeline
        .execute(
          command({
            type: 'AddFollowUp',
            call: logged.number,
            text: 'x',
            at: '2026-11-23T09:59:00Z',
          }),
        )
        .catch((e: unknown) => e);
      expect((error as DomainError).code).toBe('OutOfOrder');
      expect(await collect(store.readStream(callStreamName(logged.callId)))).toHaveLength(
        logged.events.length,
      );
    });

    it('stamps a command without `at` again when a change dated after its stamp committed first, instead of refusing it', async () => {
      // The clock's first reading (10:00) is before the call's last change (logged at 10:01,
      // as another writer may have committed it); read again after the call is loaded, 10:05.
      const stamps = ['2026-11-23T10:00:00Z', '2026-11-23T10:05:00Z'];
      const { pipeline, store } = testPipeline({
        clock: () => new Date(stamps.length > 1 ? stamps.shift()! : stamps[0]!),
      });
      const logged = await pipeline.execute(logCallRequest({ at: '2026-11-23T10:01:00Z' }));
      const followUp = await pipeline.execute(
        command({ type: 'AddFollowUp', call: logged.number, text: 'Called back' }),
      );
      const stored = await collect(store.readStream(callStreamName(logged.callId)));
      expect(stored.map((event) => event.type).at(-1)).toBe(followUp.events[0]!.type);
      expect(stored.at(-1)!.metadata).toMatchObject({ occurredAt: '2026-11-23T10:05:00.000Z' });
    });

    it('still refuses a command without `at` when the clock stays before the call’s last change, and writes nothing', async () => {
      const { pipeline, store } = testPipeline({
        clock: () => new Date('2026-11-23T10:00:00Z'),
      });
      const logged = await pipeline.execute(logCallRequest({ at: '2026-11-23T10:01:00Z' }));
      const error = await pipeline
        .execute(command({ type: 'AddFollowUp', call: logged.number, text: 'x' }))
        .catch((e: unknown) => e);
      expect((error as DomainError).code).toBe('OutOfOrder');
      expect(await collect(store.readStream(callStreamName(logged.callId)))).toHaveLength(
        logged.events.length,
      );
    });

    it('dates bookings by the organisation’s calendar day', async () => {
      const { pipeline } = testPipeline();
      await pipeline.execute(
        command({ type: 'SetTimeZone', actor: staff.sam, timeZone: 'Europe/Paris' } as never),
      );
      const logged = await pipeline.execute(logCallRequest());
      const booked = await pipeline.execute(
        command({
          type: 'BookTime',
          actor: staff.eve,
          call: logged.number,
          labourType: 'remote',
          minutes: 30,
          at: '2026-11-23T23:40:00Z',
        }),
      );
      expect(booked.events[0]!.data).toMatchObject({ workDate: '2026-11-24' });
    });

    it('warns, without refusing, when open calls exist for the same customer and serial number', async () => {
      const { pipeline } = testPipeline({
        openCalls: {
          openCallsFor: (customerId, serial) =>
            customerId === 'acme' && serial === 'SRV-1' ? ['C-000001'] : [],
        },
      });
      const result = await pipeline.execute(logCallRequest());
      expect(result.warnings).toEqual([
        'Open calls exist for the same customer and serial number: C-000001',
      ]);
      expect(result.state.possibleDuplicates).toEqual(['C-000001']);
    });

    it('refuses commands on a call that does not exist', async () => {
      const { pipeline } = testPipeline();
      for (const call of ['C-000099', uuid(), 'nonsense']) {
        const error = await pipeline
          .execute(command({ type: 'AddFollowUp', call, text: 'x' }))
          .catch((e: unknown) => e);
        expect((error as DomainError).code).toBe('CallNotFound');
      }
    });
  });

  describe('idempotency by command id', () => {
    it('executes the same command twice, appends once and returns the same result', async () => {
      const { pipeline, store } = testPipeline();
      const request = logCallRequest();
      const first = await pipeline.execute(request);
      const second = await pipeline.execute(request);
      expect(second.duplicate).toBe(true);
      expect({ ...second, duplicate: false }).toEqual(first);
      const follow = command({ type: 'AddFollowUp', call: first.number, text: 'More' });
      const a = await pipeline.execute(follow);
      const b = await pipeline.execute(follow);
      expect({ ...b, duplicate: false }).toEqual(a);
      expect(await collect(store.readStream(callStreamName(first.callId)))).toHaveLength(3);
      expect(await collect(store.readStream('call-numbers'))).toHaveLength(1);
    });

    it('takes a command id in capitals for the same command (RFC 9562: a UUID is case-insensitive)', async () => {
      const { pipeline, store } = testPipeline();
      const request = logCallRequest();
      const first = await pipeline.execute(request);
      expect(first.commandId).toBe(request.commandId.toLowerCase());
      const resent = await pipeline.executeJson({
        ...request,
        commandId: request.commandId.toUpperCase(),
      });
      expect(resent.duplicate).toBe(true);
      const follow = command({ type: 'AddFollowUp', call: first.number, text: 'More' });
      await pipeline.execute({ ...follow, commandId: follow.commandId.toUpperCase() });
      expect((await pipeline.execute(follow)).duplicate).toBe(true);
      // The call's two events of LogCall and the one follow-up.
      expect(await collect(store.readStream(callStreamName(first.callId)))).toHaveLength(3);
      expect(await collect(store.readStream('call-numbers'))).toHaveLength(1);
    });

    it('takes a call id in capitals for the same call: logged, found and refused a second logging however it is written', async () => {
      const { pipeline, store } = testPipeline();
      const callId = uuid().toUpperCase();
      const logged = await pipeline.execute(logCallRequest({ callId }));
      expect(logged.callId).toBe(callId.toLowerCase());
      const assigned = await pipeline.execute(
        command({ type: 'AssignCall', call: callId, engineer: 'eve' }),
      );
      expect(assigned.number).toBe(logged.number);
      for (const again of [callId, callId.toLowerCase()])
        await expect(pipeline.execute(logCallRequest({ callId: again }))).rejects.toMatchObject({
          code: 'CallAlreadyLogged',
        });
      expect(await collect(store.readStream('call-numbers'))).toHaveLength(1);
    });

    it('refuses a command id reused for a different command', async () => {
      const { pipeline } = testPipeline();
      const logged = await pipeline.execute(logCallRequest());
      const commandId = uuid();
      await pipeline.execute(
        command({ commandId, type: 'AddFollowUp', call: logged.number, text: 'x' }),
      );
      const error = await pipeline
        .execute(command({ commandId, type: 'AddInternalNote', call: logged.number, text: 'x' }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandIdReused);
    });

    it('does not burn a call number on a refused call', async () => {
      const { pipeline } = testPipeline();
      await pipeline.execute(logCallRequest({ priority: 8 })).catch(() => undefined);
      expect((await pipeline.execute(logCallRequest())).number).toBe('C-000001');
    });
  });

  describe('optimistic concurrency', () => {
    it('retries on a revision conflict: concurrent follow-ups all land, each with its own id', async () => {
      const { pipeline } = testPipeline();
      const logged = await pipeline.execute(logCallRequest());
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          pipeline.execute(
            command({ type: 'AddFollowUp', call: logged.number, text: `note ${i}` }),
          ),
        ),
      );
      const last = results.reduce((a, b) => (a.revision > b.revision ? a : b));
      expect(Object.keys(last.state.followUps).sort()).toEqual([
        'F1',
        'F10',
        'F2',
        'F3',
        'F4',
        'F5',
        'F6',
        'F7',
        'F8',
        'F9',
      ]);
    });

    it('never retries a domain refusal: of two racing resolutions one wins, the other is refused', async () => {
      const { pipeline } = testPipeline();
      const logged = await pipeline.execute(logCallRequest());
      const outcomes = await Promise.allSettled([
        pipeline.execute(command({ type: 'ResolveCall', call: logged.number, solution: 'A' })),
        pipeline.execute(command({ type: 'ResolveCall', call: logged.number, solution: 'B' })),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected')!;
      expect((refused.reason as DomainError).code).toBe('InvalidTransition');
    });

    it('gives up with a typed error when the stream keeps changing', async () => {
      const inner = new MemoryEventStore();
      const conflicting: EventStore = Object.assign(Object.create(inner) as EventStore, {
        appendToStream: async (
          stream: string,
          events: never[],
          options: { expectedRevision: never },
        ) => {
          if (
            stream.startsWith('call-') &&
            stream !== 'call-numbers' &&
            options.expectedRevision !== 'no_stream'
          ) {
            throw new WrongExpectedRevision(stream, options.expectedRevision, 99n);
          }
          return inner.appendToStream(stream, events, options);
        },
      });
      const { pipeline } = testPipeline({ store: conflicting, maxAttempts: 3 });
      const logged = await pipeline.execute(logCallRequest());
      const error = await pipeline
        .execute(command({ type: 'AddFollowUp', call: logged.number, text: 'x' }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConcurrencyConflict);
      expect((error as ConcurrencyConflict).attempts).toBe(3);
    });
  });
});
