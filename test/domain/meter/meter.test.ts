import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideMeters,
  evolveMeters,
  initialMeters,
  meterCommandSchemas,
  type Actor,
  type MeterCommand,
  type MeterEvent,
  type Meters,
} from '../../../src/domain/index.js';
import { outcome } from '../../support/outcome.js';
import { inheritedNames } from '../../../src/domain/index.js';

/** Fixed facts for specifications: the domain never reads a clock, neither do its tests. */
const AT = new Date('2026-03-01T10:00:00.000Z');
const feed: Actor = { id: 'meter-feed', role: 'system' };
const minutes = (n: number) => new Date(AT.getTime() + n * 60_000);

type Input = { type: MeterCommand['type']; at?: Date } & Record<string, unknown>;

/**
 * given(events).when(command).then(events) — or .refuses(code). The command passes its
 * boundary schema first (defaults applied, as the pipeline does); every decided event must
 * survive the store's way: JSON, then its schema, unchanged.
 */
function given(...history: MeterEvent[]) {
  const state = history.reduce(evolveMeters, initialMeters());
  const decide = ({ type, at = AT, ...payload }: Input) =>
    decideMeters(
      {
        type,
        at,
        actor: feed,
        serialNumber: 'COP-1',
        ...meterCommandSchemas[type].parse(payload),
      } as MeterCommand,
      state,
    );
  return {
    state,
    when(command: Input) {
      return outcome(command.type, () => decide(command));
    },
  };
}

const copies: MeterEvent = {
  type: 'MeterRegistered',
  data: { at: AT, meterId: 'copies', unit: 'copies', kind: 'counter' },
};
const pressure: MeterEvent = {
  type: 'MeterRegistered',
  data: { at: AT, meterId: 'pressure', unit: 'bar', kind: 'gauge' },
};
const drum: MeterEvent = {
  type: 'ThresholdSet',
  data: {
    at: AT,
    meterId: 'copies',
    thresholdId: 'drum',
    high: 100_000,
    hysteresis: 0,
    service: 'on-site-repair',
    description: 'Drum end of life',
  },
};
const band: MeterEvent = {
  type: 'ThresholdSet',
  data: {
    at: AT,
    meterId: 'pressure',
    thresholdId: 'band',
    high: 8,
    low: 1.5,
    hysteresis: 0.5,
    service: 'on-site-repair',
  },
};
const read = (meterId: string, value: number, n: number, total?: number): MeterEvent => ({
  type: 'ReadingRecorded',
  data: {
    at: minutes(n),
    meterId,
    readAt: minutes(n),
    value,
    ...(total === undefined ? {} : { total }),
  },
});

describe('meters and readings (E2)', () => {
  it('registers counters and gauges once', () => {
    given()
      .when({ type: 'RegisterMeter', meterId: 'copies', unit: 'copies', kind: 'counter' })
      .then(copies);
    given(copies)
      .when({ type: 'RegisterMeter', meterId: 'copies', unit: 'copies', kind: 'counter' })
      .refuses('MeterAlreadyRegistered');
    given()
      .when({ type: 'RecordReading', meterId: 'copies', value: 1 })
      .refuses('UnknownMeter', /No meter copies on COP-1/);
    for (const meterId of inheritedNames)
      given(copies).when({ type: 'RecordReading', meterId, value: 1 }).refuses('UnknownMeter');
  });

  it('records a counter’s readings with the usage counted so far, in time order only', () => {
    given(copies)
      .when({ type: 'RecordReading', meterId: 'copies', value: 90_000, source: 'device' })
      .then({
        type: 'ReadingRecorded',
        data: {
          at: AT,
          meterId: 'copies',
          readAt: AT,
          value: 90_000,
          total: 90_000,
          source: 'device',
        },
      });
    given(copies, read('copies', 90_000, -60, 90_000))
      .when({ type: 'RecordReading', meterId: 'copies', value: 95_000, readAt: minutes(-30) })
      .then({
        type: 'ReadingRecorded',
        data: { at: AT, meterId: 'copies', readAt: minutes(-30), value: 95_000, total: 95_000 },
      });
    given(copies, read('copies', 90_000, -60, 90_000))
      .when({ type: 'RecordReading', meterId: 'copies', value: 95_000, readAt: minutes(-90) })
      .refuses('ReadingOutOfOrder');
    given(copies)
      .when({ type: 'RecordReading', meterId: 'copies', value: 1, readAt: minutes(1) })
      .refuses('ReadingInFuture');
  });

  it('never takes the same reading twice, nor two values for one instant', () => {
    const history = [copies, read('copies', 90_000, 0, 90_000)];
    given(...history)
      .when({ type: 'RecordReading', meterId: 'copies', value: 90_000 })
      .refuses('ReadingAlreadyRecorded');
    given(...history)
      .when({ type: 'RecordReading', meterId: 'copies', value: 90_001 })
      .refuses('ConflictingReading');
  });

  it('refuses a counter going backwards — unless the command says the meter was replaced, and then carries the count over', () => {
    const history = [copies, read('copies', 90_000, -60, 90_000)];
    given(...history)
      .when({ type: 'RecordReading', meterId: 'copies', value: 1_200 })
      .refuses('CounterWentBackwards', /record the reading as a replacement/);
    given(...history)
      .when({
        type: 'RecordReading',
        meterId: 'copies',
        value: 1_200,
        replacement: { finalValue: 90_500, initialValue: 200 },
      })
      .then({
        type: 'ReadingRecorded',
        data: {
          at: AT,
          meterId: 'copies',
          readAt: AT,
          value: 1_200,
          total: 91_500,
          replacement: { finalValue: 90_500, initialValue: 200 },
        },
      });
    given(...history)
      .when({
        type: 'RecordReading',
        meterId: 'copies',
        value: 1_200,
        replacement: { finalValue: 80_000 },
      })
      .refuses('CounterWentBackwards');
    given(...history)
      .when({
        type: 'RecordReading',
        meterId: 'copies',
        value: 100,
        replacement: { initialValue: 200 },
      })
      .refuses('CounterWentBackwards');
    given(copies)
      .when({ type: 'RecordReading', meterId: 'copies', value: 100, replacement: {} })
      .refuses('NothingToReplace');
    given(pressure, read('pressure', 3, -60))
      .when({ type: 'RecordReading', meterId: 'pressure', value: 2, replacement: {} })
      .refuses('NotACounter');
    // A gauge goes where it likes.
    given(pressure, read('pressure', 3, -60))
      .when({ type: 'RecordReading', meterId: 'pressure', value: 2 })
      .then({
        type: 'ReadingRecorded',
        data: { at: AT, meterId: 'pressure', readAt: AT, value: 2 },
      });
    const replaced = given(...history, {
      type: 'ReadingRecorded',
      data: {
        at: AT,
        meterId: 'copies',
        readAt: AT,
        value: 1_200,
        total: 91_500,
        replacement: { finalValue: 90_500, initialValue: 200 },
      },
    }).state;
    // The new meter's reading is judged against it, with the count carried over.
    expect(replaced.meters.copies).toMatchObject({
      replacements: 1,
      lastReading: { value: 1_200, total: 91_500 },
    });
  });

  it('keeps what the next reading is judged against, not the series: a meter read for years folds to the same size', () => {
    // Read every hour: a decade is 87,600 readings, each one's decision and every load of
    // the stream must not cost more than the one before.
    const hourly = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        read('copies', 1_000_000 + 10 * i, 60 * i, 1_000_000 + 10 * i),
      );
    const size = (count: number) =>
      JSON.stringify(given(copies, drum, ...hourly(count)).state).length;
    expect(size(5_000)).toBe(size(50));
    given(copies, drum, ...hourly(5_000))
      .when({ type: 'RecordReading', meterId: 'copies', value: 1_049_980, at: minutes(60 * 5_000) })
      .refuses('CounterWentBackwards');
  });
});

describe('thresholds and their re-arm rule (E2)', () => {
  it('sets a range of normal values, high, low or both', () => {
    given(copies)
      .when({
        type: 'SetThreshold',
        meterId: 'copies',
        thresholdId: 'drum',
        high: 100_000,
        description: 'Drum end of life',
      })
      .then(drum);
    given(copies)
      .when({ type: 'SetThreshold', meterId: 'copies', thresholdId: 'drum' })
      .refuses('ThresholdWithoutLimit');
    given(pressure)
      .when({ type: 'SetThreshold', meterId: 'pressure', thresholdId: 'band', high: 1, low: 2 })
      .refuses('InvalidRange');
    given(pressure)
      .when({
        type: 'SetThreshold',
        meterId: 'pressure',
        thresholdId: 'band',
        high: 8,
        low: 2,
        hysteresis: 3,
      })
      .refuses('InvalidRange', /re-arm/);
    given(copies, drum)
      .when({ type: 'RemoveThreshold', meterId: 'copies', thresholdId: 'drum' })
      .then({ type: 'ThresholdRemoved', data: { at: AT, meterId: 'copies', thresholdId: 'drum' } });
    given(copies)
      .when({ type: 'RemoveThreshold', meterId: 'copies', thresholdId: 'drum' })
      .refuses('UnknownThreshold');
    for (const thresholdId of inheritedNames)
      given(copies, drum)
        .when({ type: 'RemoveThreshold', meterId: 'copies', thresholdId })
        .refuses('UnknownThreshold');
  });

  it('trips on the first reading that reaches the limit, and only on that one', () => {
    const crossed: MeterEvent = {
      type: 'ThresholdCrossed',
      data: {
        at: AT,
        meterId: 'copies',
        thresholdId: 'drum',
        readAt: AT,
        value: 100_000,
        unit: 'copies',
        limit: 'high',
        limitValue: 100_000,
        service: 'on-site-repair',
        description: 'Drum end of life',
      },
    };
    const below = read('copies', 99_000, -60, 99_000);
    given(copies, drum, below)
      .when({ type: 'RecordReading', meterId: 'copies', value: 100_000 })
      .then(
        {
          type: 'ReadingRecorded',
          data: { at: AT, meterId: 'copies', readAt: AT, value: 100_000, total: 100_000 },
        },
        crossed,
      );
    given(copies, drum, below, read('copies', 100_000, -30, 100_000), {
      ...crossed,
      data: { ...crossed.data, at: minutes(-30), readAt: minutes(-30) },
    })
      .when({ type: 'RecordReading', meterId: 'copies', value: 120_000 })
      .then({
        type: 'ReadingRecorded',
        data: { at: AT, meterId: 'copies', readAt: AT, value: 120_000, total: 120_000 },
      });
  });

  it('re-arms once a reading is back inside the range by the hysteresis, not in the band at the limit', () => {
    const tripped: MeterEvent = {
      type: 'ThresholdCrossed',
      data: {
        at: minutes(-60),
        meterId: 'pressure',
        thresholdId: 'band',
        readAt: minutes(-60),
        value: 8.2,
        unit: 'bar',
        limit: 'high',
        limitValue: 8,
        service: 'on-site-repair',
      },
    };
    const history = [pressure, band, read('pressure', 8.2, -60), tripped];
    given(...history)
      .when({ type: 'RecordReading', meterId: 'pressure', value: 7.8 })
      .then({
        type: 'ReadingRecorded',
        data: { at: AT, meterId: 'pressure', readAt: AT, value: 7.8 },
      });
    given(...history)
      .when({ type: 'RecordReading', meterId: 'pressure', value: 7.4 })
      .then(
        { type: 'ReadingRecorded', data: { at: AT, meterId: 'pressure', readAt: AT, value: 7.4 } },
        {
          type: 'ThresholdRearmed',
          data: { at: AT, meterId: 'pressure', thresholdId: 'band', readAt: AT, value: 7.4 },
        },
      );
    // Tripped high, a reading at the low limit is out of range too: still no second call.
    given(...history)
      .when({ type: 'RecordReading', meterId: 'pressure', value: 1.5 })
      .then({
        type: 'ReadingRecorded',
        data: { at: AT, meterId: 'pressure', readAt: AT, value: 1.5 },
      });
    given(pressure, band)
      .when({ type: 'RecordReading', meterId: 'pressure', value: 1.2 })
      .then(
        { type: 'ReadingRecorded', data: { at: AT, meterId: 'pressure', readAt: AT, value: 1.2 } },
        {
          type: 'ThresholdCrossed',
          data: {
            at: AT,
            meterId: 'pressure',
            thresholdId: 'band',
            readAt: AT,
            value: 1.2,
            unit: 'bar',
            limit: 'low',
            limitValue: 1.5,
            service: 'on-site-repair',
          },
        },
      );
  });

  it('alternates trips and re-arms for any readings: one call per excursion out of range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 60, size: 'max' }),
        fc.integer({ min: 0, max: 10 }),
        (values, hysteresis) => {
          let state: Meters = [
            pressure,
            { ...band, data: { ...band.data, high: 80, low: 20, hysteresis } } as MeterEvent,
          ].reduce(evolveMeters, initialMeters());
          const judged: string[] = [];
          values.forEach((value, n) => {
            const events = decideMeters(
              { type: 'RecordReading', at: minutes(n), actor: feed, meterId: 'pressure', value },
              state,
            );
            state = events.reduce(evolveMeters, state);
            const outcome = events.find((e) => e.type !== 'ReadingRecorded')?.type;
            const tripped = judged.filter((j) => j !== 'none').at(-1) === 'ThresholdCrossed';
            const out = value >= 80 || value <= 20;
            const inside = value < 80 - hysteresis && value > 20 + hysteresis;
            // Armed: out of range always trips. Tripped: back inside always re-arms. Nothing else happens.
            expect(outcome).toBe(
              !tripped && out
                ? 'ThresholdCrossed'
                : tripped && inside
                  ? 'ThresholdRearmed'
                  : undefined,
            );
            judged.push(outcome ?? 'none');
          });
          const changes = judged.filter((j) => j !== 'none');
          changes.forEach((change, i) =>
            expect(change).toBe(i % 2 === 0 ? 'ThresholdCrossed' : 'ThresholdRearmed'),
          );
        },
      ),
    );
  });

  it('arms a threshold afresh when it is set again', () => {
    const tripped: MeterEvent = {
      type: 'ThresholdCrossed',
      data: {
        at: AT,
        meterId: 'copies',
        thresholdId: 'drum',
        readAt: AT,
        value: 100_000,
        unit: 'copies',
        limit: 'high',
        limitValue: 100_000,
        service: 'on-site-repair',
      },
    };
    const state = given(copies, drum, read('copies', 100_000, 0, 100_000), tripped, {
      ...drum,
      data: { ...drum.data, high: 200_000 },
    }).state;
    expect(state.meters.copies!.thresholds.drum).toMatchObject({ high: 200_000, tripped: false });
  });
});

describe('alarms from devices (E2): one call per episode', () => {
  const raised = (alarmId: string, extra: Record<string, unknown> = {}): MeterEvent => ({
    type: 'AlarmRaised',
    data: {
      at: AT,
      alarmId,
      code: 'ON-BATTERY',
      severity: 'critical',
      message: 'Mains lost',
      raisedAt: AT,
      service: 'remote-support',
      ...extra,
    },
  });

  it('raises an alarm once by its id, and records a repeat of an open one as part of its episode', () => {
    given()
      .when({
        type: 'RaiseAlarm',
        alarmId: 'A-1',
        code: 'ON-BATTERY',
        severity: 'critical',
        message: 'Mains lost',
      })
      .then(raised('A-1'));
    given(raised('A-1'))
      .when({ type: 'RaiseAlarm', alarmId: 'A-1', code: 'ON-BATTERY', message: 'Mains lost' })
      .refuses('AlarmAlreadyRaised');
    given(raised('A-1'))
      .when({
        type: 'RaiseAlarm',
        alarmId: 'A-2',
        code: 'ON-BATTERY',
        severity: 'critical',
        message: 'Mains lost',
      })
      .then(raised('A-2', { repeatOf: 'A-1' }));
    given(raised('A-1'))
      .when({ type: 'RaiseAlarm', alarmId: 'T-1', code: 'OVERHEAT', message: 'Too hot' })
      .then({
        type: 'AlarmRaised',
        data: {
          at: AT,
          alarmId: 'T-1',
          code: 'OVERHEAT',
          severity: 'major',
          message: 'Too hot',
          raisedAt: AT,
          service: 'remote-support',
        },
      });
    given()
      .when({ type: 'RaiseAlarm', alarmId: 'A-1', code: 'X', message: 'x', raisedAt: minutes(5) })
      .refuses('RaisedInFuture');
  });

  it('ends the episode when any of its alarms is cleared', () => {
    const cleared: MeterEvent = {
      type: 'AlarmCleared',
      data: { at: AT, alarmId: 'A-2', code: 'ON-BATTERY', clearedAt: AT },
    };
    given(raised('A-1'), raised('A-2', { repeatOf: 'A-1' }))
      .when({ type: 'ClearAlarm', alarmId: 'A-2' })
      .then(cleared);
    given(raised('A-1'), raised('A-2', { repeatOf: 'A-1' }), cleared)
      .when({ type: 'ClearAlarm', alarmId: 'A-1' })
      .refuses('AlarmAlreadyCleared');
    given().when({ type: 'ClearAlarm', alarmId: 'A-1' }).refuses('UnknownAlarm');
    for (const alarmId of inheritedNames)
      given(raised('A-1')).when({ type: 'ClearAlarm', alarmId }).refuses('UnknownAlarm');
    given(raised('A-1'), raised('A-2', { repeatOf: 'A-1' }), cleared)
      .when({
        type: 'RaiseAlarm',
        alarmId: 'A-3',
        code: 'ON-BATTERY',
        severity: 'critical',
        message: 'Mains lost',
      })
      .then(raised('A-3'));
  });

  it('takes an alarm delivered late into the episode it was raised in, even one cleared since', () => {
    // A-1 raised at AT and cleared at AT+30; the gateway delivers A-2, raised at AT+15, at AT+65.
    const cleared: MeterEvent = {
      type: 'AlarmCleared',
      data: { at: minutes(60), alarmId: 'A-1', code: 'ON-BATTERY', clearedAt: minutes(30) },
    };
    const late = {
      type: 'RaiseAlarm' as const,
      alarmId: 'A-2',
      code: 'ON-BATTERY',
      message: 'Mains lost',
    };
    given(raised('A-1'), cleared)
      .when({ ...late, at: minutes(65), raisedAt: minutes(15), severity: 'critical' })
      .then(raised('A-2', { at: minutes(65), raisedAt: minutes(15), repeatOf: 'A-1' }));
    // Raised after the clearance: a new episode, as before.
    given(raised('A-1'), cleared)
      .when({ ...late, at: minutes(65), raisedAt: minutes(45), severity: 'critical' })
      .then(raised('A-2', { at: minutes(65), raisedAt: minutes(45) }));
    // Raised before the episode began, with no clearance between: the same condition.
    given(raised('A-1'), cleared)
      .when({ ...late, at: minutes(65), raisedAt: minutes(-10), severity: 'critical' })
      .then(raised('A-2', { at: minutes(65), raisedAt: minutes(-10), repeatOf: 'A-1' }));
    // In the first of two episodes, not the one open now.
    const again = raised('A-3', { at: minutes(70), raisedAt: minutes(70) });
    given(raised('A-1'), cleared, again)
      .when({ ...late, at: minutes(75), raisedAt: minutes(15), severity: 'critical' })
      .then(raised('A-2', { at: minutes(75), raisedAt: minutes(15), repeatOf: 'A-1' }));
    // The late repeat was cleared with its episode: clearing it again ends nothing more.
    const joined = raised('A-2', { at: minutes(75), raisedAt: minutes(15), repeatOf: 'A-1' });
    given(raised('A-1'), cleared, again, joined)
      .when({ type: 'ClearAlarm', alarmId: 'A-2', at: minutes(80) })
      .refuses('AlarmAlreadyCleared');
  });

  it('finds the episode of a late alarm however many came since, and any alarm it ever raised', () => {
    // A UPS on and off battery every hour for months: 2,000 episodes, each raised and cleared.
    const episodes = Array.from({ length: 2_000 }, (_, i) => [
      raised(`A-${i}`, { at: minutes(60 * i), raisedAt: minutes(60 * i) }),
      {
        type: 'AlarmCleared',
        data: {
          at: minutes(60 * i + 30),
          alarmId: `A-${i}`,
          code: 'ON-BATTERY',
          clearedAt: minutes(60 * i + 30),
        },
      } satisfies MeterEvent,
    ]).flat();
    const now = minutes(60 * 2_000);
    // Raised during the 11th episode, delivered now: it joins that one.
    given(...episodes)
      .when({
        type: 'RaiseAlarm',
        alarmId: 'L-1',
        code: 'ON-BATTERY',
        message: 'Mains lost',
        severity: 'critical',
        at: now,
        raisedAt: minutes(60 * 10 + 15),
      })
      .then(raised('L-1', { at: now, raisedAt: minutes(60 * 10 + 15), repeatOf: 'A-10' }));
    // Between two episodes: the next one, as any alarm raised before its episode with no clearance between.
    given(...episodes)
      .when({
        type: 'RaiseAlarm',
        alarmId: 'L-2',
        code: 'ON-BATTERY',
        message: 'Mains lost',
        severity: 'critical',
        at: now,
        raisedAt: minutes(60 * 10 + 45),
      })
      .then(raised('L-2', { at: now, raisedAt: minutes(60 * 10 + 45), repeatOf: 'A-11' }));
    given(...episodes)
      .when({
        type: 'RaiseAlarm',
        alarmId: 'A-7',
        code: 'ON-BATTERY',
        message: 'Mains lost',
        at: now,
      })
      .refuses('AlarmAlreadyRaised');
    given(...episodes)
      .when({ type: 'ClearAlarm', alarmId: 'A-1999', at: now })
      .refuses('AlarmAlreadyCleared');
  });

  it('refuses a clearance dated before its alarm was raised, or after it is received', () => {
    given(raised('A-1'))
      .when({ type: 'ClearAlarm', alarmId: 'A-1', clearedAt: minutes(-1) })
      .refuses('ClearedBeforeRaised', /A-1 .* raised at 2026-03-01T10:00:00.000Z/);
    given(raised('A-1'))
      .when({ type: 'ClearAlarm', alarmId: 'A-1', clearedAt: minutes(5) })
      .refuses('ClearedInFuture');
  });
});
