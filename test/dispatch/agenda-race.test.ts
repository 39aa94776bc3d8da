import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { AppendResult, StreamAppend } from '../../src/store/port.js';
import { testPipeline } from '../support/pipeline.js';
import { defineEngineer, logCalls, schedule, training, tuesday } from './support.js';

/** A store where another command runs between a decision and its linked append, once. */
class Interleaved extends MemoryEventStore {
  meanwhile: (() => Promise<unknown>) | undefined;
  override async appendLinked(
    first: readonly StreamAppend[],
    then: (first: readonly AppendResult[]) => StreamAppend,
  ): Promise<[AppendResult[], AppendResult]> {
    const other = this.meanwhile;
    this.meanwhile = undefined;
    await other?.();
    return super.appendLinked(first, then);
  }
}

const absence = () => training(tuesday('08:00'), tuesday('12:00'));

async function setUp() {
  const store = new Interleaved();
  let now = Date.parse('2026-11-23T09:00:00.000Z');
  const clock = () => new Date((now += 60_000));
  const { pipeline } = testPipeline({ store, clock });
  const other = testPipeline({ store, clock }).pipeline;
  await pipeline.execute(defineEngineer());
  const [a] = (await logCalls(pipeline, 1)) as [string];
  return { store, pipeline, other, a };
}

describe('a visit and an absence decided at once (issue 13: different streams, one outcome)', () => {
  it('a visit whose agenda gained an absence after its check is decided again, and refused', async () => {
    const { store, pipeline, other, a } = await setUp();
    store.meanwhile = () => other.execute(absence());
    const error = await pipeline.execute(schedule(a, '09:00', '10:00')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('EngineerAbsent');
  });

  it('an absence recorded while a visit was booked in its week is decided again, and names it', async () => {
    const { store, pipeline, other, a } = await setUp();
    store.meanwhile = () => other.execute(schedule(a, '09:00', '10:00'));
    const recorded = await pipeline.execute(absence());
    expect(recorded.events[0]!.data).toMatchObject({
      visitsInTheWay: [{ callNumber: a, transferId: 'T1' }],
    });
  });
});
