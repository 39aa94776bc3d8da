import type { z } from 'zod';
import { expect } from 'vitest';
import { DomainError, officeCalendar, type routingRules } from '../../src/domain/index.js';
import type { CommandPipeline } from '../../src/commands/pipeline.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';

/** Office hours in UTC, Monday to Friday 08:00–12:00 and 13:00–17:30. */
export const officeHours = officeCalendar({ id: 'office-utc', timeZone: 'UTC' });

export const defineEngineer = (engineerId = 'eve', from = '2026-01-01') =>
  command({
    type: 'DefineEngineer',
    actor: staff.sam,
    engineerId,
    from,
    groups: ['field'],
    skills: [{ kind: 'product', id: 'server-x' }],
    areas: [{ kind: 'region', id: 'paris' }],
    calendar: officeHours,
  });

/** The work group `field` with these members. */
export const fieldGroup = (members: readonly string[]) =>
  command({
    type: 'DefineGroup',
    actor: staff.sam,
    groupId: 'field',
    name: 'Field service',
    kind: 'work',
    members: [...members],
  });

/** Routing rules published by a supervisor, in force from `effectiveFrom`. */
export const publishRules = (
  rules: z.input<typeof routingRules>,
  effectiveFrom = '2026-01-01T00:00:00Z',
) => command({ type: 'PublishRoutingRules', actor: staff.sam, effectiveFrom, rules });

/** Tuesday of ISO week 2026-W48, at HH:MM UTC. */
export const tuesday = (clock: string): string => `2026-11-24T${clock}:00.000Z`;

/** Eve away on training [from, until), recorded by the supervisor. */
export const training = (from: string, until: string, absenceId = 'training-1') =>
  command({
    type: 'RecordAbsence',
    actor: staff.sam,
    engineerId: 'eve',
    absenceId,
    absence: 'training',
    from,
    until,
  });

/** Eve's on-site visit for a call, [start, end) as instants. */
export const scheduleAt = (call: string, start: string, end: string, extra: object = {}) =>
  command({
    type: 'ScheduleOnSiteVisit',
    actor: staff.sam,
    call,
    engineer: 'eve',
    plannedStart: start,
    plannedEnd: end,
    ...extra,
  });

/** Eve's on-site visit for a call on Tuesday of 2026-W48, from and to as HH:MM UTC. */
export const schedule = (call: string, from: string, to: string, extra: object = {}) =>
  scheduleAt(call, tuesday(from), tuesday(to), extra);

/** The DomainError a command is refused with (the test fails if it is not refused). */
export async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

export async function logCalls(pipeline: CommandPipeline, count: number): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < count; i++)
    numbers.push((await pipeline.execute(logCallRequest({ description: `Call ${i}` }))).number);
  return numbers;
}
