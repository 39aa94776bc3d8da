import { describe, expect, it } from 'vitest';
import { agendaStreamName, agendaWeekStreamName } from '../../src/domain/index.js';
import { collect } from '../store/contract.js';
import { command, staff, testPipeline } from '../support/pipeline.js';
import { defineEngineer, logCalls, refusal, schedule, training, tuesday } from './support.js';

async function setUp(calls = 2) {
  const { pipeline, store } = testPipeline();
  await pipeline.execute(defineEngineer());
  const numbers = await logCalls(pipeline, calls);
  // Visits of the week of tuesday(), in their week stream; absences in the engineer's own.
  const agenda = async () => collect(store.readStream(agendaWeekStreamName('eve', '2026-W48')));
  const absences = async () => collect(store.readStream(agendaStreamName('eve')));
  return { pipeline, store, numbers, agenda, absences };
}

describe('visits that never collide (issue 21)', () => {
  it('books a visit in free working time into the engineer’s agenda', async () => {
    const { pipeline, numbers, agenda } = await setUp(1);
    await pipeline.execute(schedule(numbers[0]!, '10:00', '11:00'));
    const booked = await agenda();
    expect(booked.map((e) => e.type)).toEqual(['VisitBooked']);
    expect(booked[0]!.data).toMatchObject({ callNumber: numbers[0], transferId: 'T1' });
  });

  it('refuses a visit that overlaps another visit of the engineer, naming it, and writes nothing', async () => {
    const { pipeline, numbers, agenda } = await setUp();
    await pipeline.execute(schedule(numbers[0]!, '10:00', '11:00'));
    const error = await refusal(pipeline.execute(schedule(numbers[1]!, '10:30', '11:30')));
    expect(error.code).toBe('VisitOverlaps');
    expect(error.message).toContain(`visit T1 of call ${numbers[0]}`);
    expect(error.details).toMatchObject({ conflicts: [{ kind: 'visit', callNumber: numbers[0] }] });
    expect(await agenda()).toHaveLength(1);
    // Touching is not overlapping: a visit may start as the last one ends.
    await pipeline.execute(schedule(numbers[1]!, '11:00', '12:00'));
    expect(await agenda()).toHaveLength(2);
  });

  it('books over a collision only with an override, recorded with what was in the way', async () => {
    const { pipeline, numbers } = await setUp();
    await pipeline.execute(schedule(numbers[0]!, '10:00', '11:00'));
    const result = await pipeline.execute(
      schedule(numbers[1]!, '10:30', '11:30', { override: { reason: 'Customer insists' } }),
    );
    expect(result.events[0]!.data).toMatchObject({
      override: { reason: 'Customer insists', conflicts: [{ kind: 'visit', transferId: 'T1' }] },
    });
  });

  it('refuses a visit outside the engineer’s working calendar (02:00 on a Sunday)', async () => {
    const { pipeline, numbers } = await setUp(1);
    const error = await refusal(
      pipeline.execute(
        command({
          type: 'ScheduleOnSiteVisit',
          actor: staff.sam,
          call: numbers[0]!,
          engineer: 'eve',
          plannedStart: '2026-11-29T02:00:00.000Z',
          plannedEnd: '2026-11-29T03:00:00.000Z',
        }),
      ),
    );
    expect(error.code).toBe('OutsideWorkingTime');
    // Over the lunch break too.
    const lunch = await refusal(pipeline.execute(schedule(numbers[0]!, '11:30', '13:30')));
    expect(lunch.code).toBe('OutsideWorkingTime');
  });

  it('refuses a visit during an absence, naming the absence; cancelling the absence frees the time', async () => {
    const { pipeline, numbers } = await setUp(1);
    await pipeline.execute(training(tuesday('08:00'), tuesday('12:00')));
    const error = await refusal(pipeline.execute(schedule(numbers[0]!, '09:00', '10:00')));
    expect(error.code).toBe('EngineerAbsent');
    expect(error.message).toContain('absence training-1');
    await pipeline.execute(
      command({
        type: 'CancelAbsence',
        actor: staff.sam,
        engineerId: 'eve',
        absenceId: 'training-1',
      }),
    );
    await pipeline.execute(schedule(numbers[0]!, '09:00', '10:00'));
  });

  it('refuses an absence of an engineer master data does not define, whose agenda no visit is checked against, and writes nothing', async () => {
    // Given eve, defined, and evee, a misspelling nobody defined
    const { pipeline, store } = await setUp(0);
    const head = await store.headPosition();
    // When Sam records evee's leave
    const error = await refusal(
      pipeline.execute(
        command({
          type: 'RecordAbsence',
          actor: staff.sam,
          engineerId: 'evee',
          absenceId: 'leave-1',
          absence: 'leave',
          from: tuesday('00:00'),
          until: '2026-11-25T00:00:00.000Z',
        }),
      ),
    );
    // Then it is refused, saying to define the engineer first, and nothing is written
    expect(error.code).toBe('EngineerNotFound');
    expect(error.message).toMatch(/^No engineer evee in master data \(DefineEngineer first\)/);
    expect(await store.headPosition()).toBe(head);
  });

  it('an absence over booked visits is recorded and names the visits to move', async () => {
    const { pipeline, numbers, absences } = await setUp(1);
    await pipeline.execute(schedule(numbers[0]!, '09:00', '10:00'));
    await pipeline.execute(
      command({
        type: 'RecordAbsence',
        actor: staff.eve,
        engineerId: 'eve',
        absenceId: 'leave-1',
        absence: 'leave',
        from: tuesday('00:00'),
        until: '2026-11-25T00:00:00.000Z',
      }),
    );
    const recorded = (await absences()).at(-1)!;
    expect(recorded.data).toMatchObject({
      visitsInTheWay: [{ callNumber: numbers[0], transferId: 'T1' }],
    });
  });

  it('moves a visit (not colliding with itself), and a cancelled visit frees its slot', async () => {
    const { pipeline, numbers, agenda } = await setUp();
    await pipeline.execute(schedule(numbers[0]!, '10:00', '11:00'));
    await pipeline.execute(
      command({
        type: 'RescheduleOnSiteVisit',
        actor: staff.sam,
        call: numbers[0]!,
        transferId: 'T1',
        plannedStart: tuesday('10:30'),
        plannedEnd: tuesday('11:30'),
        reason: 'Later',
      }),
    );
    const moved = await refusal(pipeline.execute(schedule(numbers[1]!, '11:00', '12:00')));
    expect(moved.code).toBe('VisitOverlaps');
    await pipeline.execute(
      command({
        type: 'CancelTransfer',
        actor: staff.sam,
        call: numbers[0]!,
        transferId: 'T1',
        reason: 'Fixed remotely',
      }),
    );
    await pipeline.execute(schedule(numbers[1]!, '11:00', '12:00'));
    expect((await agenda()).map((e) => e.type)).toEqual([
      'VisitBooked',
      'VisitMoved',
      'VisitReleased',
      'VisitBooked',
    ]);
  });

  it('refuses a visit on a day the engineer is not on staff (retired)', async () => {
    const { pipeline, numbers } = await setUp(1);
    await pipeline.execute(
      command({ type: 'RetireEngineer', actor: staff.sam, engineerId: 'eve', from: '2026-11-24' }),
    );
    const error = await refusal(pipeline.execute(schedule(numbers[0]!, '09:00', '10:00')));
    expect(error.code).toBe('EngineerNotOnStaff');
  });

  it('an engineer master data does not know is neither checked nor booked', async () => {
    const { pipeline, store } = testPipeline();
    const [a, b] = await logCalls(pipeline, 2);
    await pipeline.execute(schedule(a!, '10:00', '11:00'));
    await pipeline.execute(schedule(b!, '10:00', '11:00'));
    expect(await collect(store.readStream(agendaStreamName('eve')))).toHaveLength(0);
    expect(await collect(store.readStream(agendaWeekStreamName('eve', '2026-W48')))).toHaveLength(
      0,
    );
  });
});
