import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { callStreamName } from '../../src/streams/index.js';
import { alwaysOpen, DomainError, judgeCall, officeCalendar } from '../../src/domain/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';

const HOUR = 3_600_000;
const start = Date.parse('2026-11-20T07:00:00Z');

/** Steps a call may go through, at increasing instants: holds of each kind, re-ratings. */
const step = fc.record({
  afterMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
  action: fc.oneof(
    fc.record({
      type: fc.constant('PutOnHold' as const),
      reason: fc.constant('Waiting'),
      kind: fc.constantFrom('waiting-for-customer', 'waiting-for-parts', 'other'),
    }),
    fc.record({ type: fc.constant('ReleaseHold' as const) }),
    fc.record({
      type: fc.constant('SetPriority' as const),
      priority: fc.integer({ min: 1, max: 3 }),
    }),
  ),
});

describe('service-level properties', () => {
  it('replaying a call under its recorded rules reproduces its recorded targets exactly; targets are never before the reported time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 7 * 24 * 60 }),
        fc.array(step, { maxLength: 12, size: 'max' }),
        async (reportedAfter, steps) => {
          const callstream = new Callstream({ customerValidation: false });
          await callstream.execute({
            type: 'PublishServiceLevels',
            commandId: uuid(),
            actor: staff.sam,
            ruleSetId: 'office',
            effectiveFrom: '2026-01-01T00:00:00Z',
            rules: {
              name: 'Paris office',
              calendars: {
                paris: officeCalendar({
                  id: 'paris',
                  timeZone: 'Europe/Paris',
                  holidays: ['2026-11-23'],
                }),
                '24x7': alwaysOpen,
              },
              defaultPriority: 2,
              priorities: {
                1: { responseMinutes: 60, resolutionMinutes: 240, calendar: '24x7' },
                2: { responseMinutes: 240, resolutionMinutes: 960, calendar: 'paris' },
                3: { responseMinutes: 480, resolutionMinutes: 2400, calendar: 'paris' },
              },
            },
          });
          await callstream.execute({
            type: 'SetDefaultServiceLevels',
            commandId: uuid(),
            actor: staff.sam,
            ruleSetId: 'office',
          });
          let at = start + reportedAfter * 60_000;
          const reportedAt = new Date(at);
          let result = await callstream.execute(
            logCallRequest({ at: reportedAt.toISOString(), reportedAt: reportedAt.toISOString() }),
          );
          for (const { afterMinutes, action } of steps) {
            at += afterMinutes * 60_000;
            try {
              result = await callstream.execute(
                command({
                  ...action,
                  actor: staff.sam,
                  call: result.number,
                  at: new Date(at).toISOString(),
                }),
              );
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
            }
          }
          const call = result.state;
          const level = call.serviceLevel!;
          if (level.responseDueAt)
            expect(level.responseDueAt.getTime()).toBeGreaterThanOrEqual(reportedAt.getTime());
          if (level.resolutionDueAt)
            expect(level.resolutionDueAt.getTime()).toBeGreaterThanOrEqual(
              level.responseDueAt!.getTime(),
            );
          const again = judgeCall(
            call,
            await callstream.pipeline.callServiceLevels(call),
            new Date(at),
          );
          if (level.pausedSince === undefined) {
            expect(again!.targets.responseDueAt).toEqual(level.responseDueAt);
            expect(again!.targets.resolutionDueAt).toEqual(level.resolutionDueAt);
          }
          expect(again!.targets.responseAllowedMs).toBe(level.responseAllowedMs);
          expect(level.responseAllowedMs).toBeGreaterThanOrEqual(HOUR);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lifts a stored version-1 PrioritySet (wall-clock policy) to version 2 with the built-in rules', async () => {
    const store = new MemoryEventStore();
    const callId = uuid();
    const meta = (commandType: string) => ({
      schemaVersion: 1,
      actor: { id: 'ann', role: 'agent' },
      occurredAt: '2026-11-01T09:00:00.000Z',
      commandId: uuid(),
      commandType,
      correlationId: uuid(),
      causationId: uuid(),
    });
    await store.appendToStream(
      callStreamName(callId),
      [
        {
          id: uuid(),
          type: 'CallLogged',
          metadata: meta('LogCall'),
          data: {
            callId,
            number: 'C-000001',
            at: '2026-11-01T09:00:00.000Z',
            reportedAt: '2026-11-01T08:30:00.000Z',
            intake: { mode: 'knowledgeable', channel: 'phone' },
            reporter: {},
            subject: { kind: 'customer', customerId: 'acme' },
            item: {},
            description: 'Old call',
            emergency: false,
            possibleDuplicates: [],
            badFix: false,
          },
        },
        {
          id: uuid(),
          type: 'PrioritySet',
          metadata: meta('LogCall'),
          data: {
            at: '2026-11-01T09:00:00.000Z',
            priority: 3,
            responseDueAt: '2026-11-01T12:30:00.000Z',
            resolutionDueAt: '2026-11-02T08:30:00.000Z',
            policy: 'standard-2026',
            emergency: false,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await store.appendToStream(
      'call-numbers',
      [{ id: uuid(), type: 'CallNumberAllocated', data: { callId }, metadata: meta('LogCall') }],
      { expectedRevision: 'any' },
    );
    const callstream = await Callstream.open({ customerValidation: false, store });
    const call = await callstream.call('C-000001');
    expect(call.serviceLevel).toMatchObject({
      priority: 3,
      ruleSetId: 'standard',
      version: 1,
      source: 'built-in',
      calendar: '24x7',
      responseAllowedMs: 4 * HOUR,
      resolutionAllowedMs: 24 * HOUR,
    });
    // The old call goes on under its recorded rules: re-rated on the same built-in version.
    const rerated = await callstream.execute(
      command({
        type: 'SetPriority',
        actor: staff.sam,
        call: 'C-000001',
        priority: 2,
        at: '2026-11-01T10:00:00Z',
      }),
    );
    expect(rerated.state.serviceLevel).toMatchObject({
      version: 1,
      responseDueAt: new Date('2026-11-01T10:30:00.000Z'),
    });
    expect(callstream.board()[0]).toMatchObject({
      number: 'C-000001',
      serviceLevels: 'standard v1',
    });
  });
});
