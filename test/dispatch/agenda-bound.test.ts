import { describe, expect, it } from 'vitest';
import { parseAgendaStream } from '../../src/domain/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { EventStore, RecordedEvent } from '../../src/store/port.js';
import { logCallRequest, testPipeline } from '../support/pipeline.js';
import { defineEngineer, refusal, scheduleAt, training } from './support.js';

const WEEK_MS = 7 * 86_400_000;
/** Tuesday of ISO week 2026-W10 plus `weeks`, at HH:MM UTC. */
const tuesdayOf = (weeks: number, clock: string) =>
  new Date(Date.parse(`2026-03-03T${clock}:00.000Z`) + weeks * WEEK_MS).toISOString();

/** The store, counting every agenda event any read hands over. */
function countingAgendaReads(store: MemoryEventStore) {
  const counter = { events: 0 };
  const count = (events: readonly RecordedEvent[]) => {
    for (const e of events) if (parseAgendaStream(e.streamName)) counter.events++;
    return events;
  };
  const counting = new Proxy(store, {
    get(target, property) {
      if (property === 'readStreamPage')
        return (name: string, from: bigint, max: number) =>
          count(target.readStreamPage(name, from, max));
      if (property === 'readStream')
        return async function* (...args: Parameters<EventStore['readStream']>) {
          for await (const e of target.readStream(...args)) yield count([e])[0]!;
        };
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { counting, counter };
}

const visit = (call: string, start: string, end: string) => scheduleAt(call, start, end);

/** An engineer with two visits a week for `weeks` weeks, then, cold (a new process), one visit and one absence. */
async function agendaEventsRead(weeks: number) {
  const store = new MemoryEventStore();
  // Before the first visit (2026-W10): no visit is planned before its call was reported.
  let now = Date.parse('2026-03-02T09:00:00.000Z');
  const clock = () => new Date((now += 60_000));
  const { pipeline } = testPipeline({ store, clock });
  await pipeline.execute(defineEngineer());
  for (let w = 0; w < weeks; w++)
    for (const [from, to] of [
      ['09:00', '10:00'],
      ['13:00', '14:00'],
    ] as const) {
      const { number } = await pipeline.execute(logCallRequest());
      await pipeline.execute(visit(number, tuesdayOf(w, from), tuesdayOf(w, to)));
    }
  const { number } = await pipeline.execute(logCallRequest());
  const { counting, counter } = countingAgendaReads(store);
  const cold = testPipeline({ store: counting, clock }).pipeline;
  await cold.execute(visit(number, tuesdayOf(weeks - 1, '10:00'), tuesdayOf(weeks - 1, '11:00')));
  const visitReads = counter.events;
  counter.events = 0;
  // Cold again (another process): the absence reads the weeks it spans and the week before.
  await testPipeline({ store: counting, clock }).pipeline.execute(
    training(tuesdayOf(weeks - 1, '15:00'), tuesdayOf(weeks - 1, '17:00')),
  );
  return { visit: visitReads, absence: counter.events, stored: 2 * weeks };
}

describe('cost per visit command independent of history (issue 13)', () => {
  it('reads a bounded number of agenda events for a visit or an absence, however many weeks the engineer has worked', async () => {
    const short = await agendaEventsRead(5);
    const long = await agendaEventsRead(40);
    expect(long.stored).toBe(80);
    // The visit's week and the week before: two visits each (three once the new one is booked), no more.
    expect(long).toEqual({ visit: 4, absence: 5, stored: 80 });
    expect([short.visit, short.absence]).toEqual([long.visit, long.absence]);
  });
});

/** The store, naming every agenda week stream a read asks for. */
function recordingWeekReads(store: MemoryEventStore) {
  const weeks: string[] = [];
  const note = (name: string) => {
    if (parseAgendaStream(name)?.week) weeks.push(name);
  };
  const recording = new Proxy(store, {
    get(target, property) {
      if (property === 'readStreamPage')
        return (name: string, from: bigint, max: number) => {
          note(name);
          return target.readStreamPage(name, from, max);
        };
      if (property === 'readStream')
        return (...args: Parameters<EventStore['readStream']>) => {
          note(args[0]);
          return target.readStream(...args);
        };
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { recording, weeks };
}

describe('an absence of at most 366 days, refused before its weeks are read (review)', () => {
  it('records an absence of a leap year; a longer one is refused (AbsenceTooLong) having read no week, and writes nothing', async () => {
    const store = new MemoryEventStore();
    await testPipeline({ store }).pipeline.execute(defineEngineer());
    const { recording, weeks } = recordingWeekReads(store);
    const { pipeline } = testPipeline({ store: recording });
    const head = await store.headPosition();
    for (const [from, until] of [
      ['2028-01-01T00:00:00.000Z', '2029-01-01T00:00:00.001Z'],
      ['1970-01-01T00:00:00.000Z', '9999-12-31T00:00:00.000Z'],
    ] as const) {
      const error = await refusal(pipeline.execute(training(from, until)));
      expect(error.code).toBe('AbsenceTooLong');
      expect(error.message).toMatch(/year by year/);
    }
    expect(weeks).toEqual([]);
    expect(await store.headPosition()).toBe(head);
    // 366 days: its 53 weeks and the one before are read, and it is recorded.
    await pipeline.execute(training('2028-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z'));
    expect(weeks).toHaveLength(54);
    expect(await store.headPosition()).toBeGreaterThan(head!);
  });
});
