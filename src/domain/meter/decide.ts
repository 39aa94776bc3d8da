import { DomainError } from '../shared/errors.js';
import { entryOf, strip } from '../shared/objects.js';
import type { Meter, MeterCommand, MeterEvent, Meters } from './meter.js';
import { getIn } from '../shared/persistent-map.js';
import { clearedAtOf, episodeAt } from './episodes.js';
import { judgeReading } from './thresholds.js';

/**
 * What the meters of one piece of equipment say to a command (E2): set-ups, readings
 * (in time order; a counter only goes up unless replaced), thresholds and alarms.
 */
export function decideMeters(command: MeterCommand, state: Meters): MeterEvent[] {
  const { at } = command;
  const on = command.serialNumber === undefined ? '' : ` on ${command.serialNumber}`;
  switch (command.type) {
    case 'RegisterMeter': {
      if (entryOf(state.meters, command.meterId))
        throw new DomainError(
          'MeterAlreadyRegistered',
          `Meter ${command.meterId}${on} is already registered`,
          { meterId: command.meterId },
        );
      const { meterId, unit, kind, name } = command;
      return [{ type: 'MeterRegistered', data: strip({ at, meterId, unit, kind, name }) }];
    }
    case 'SetThreshold': {
      meterOf(state, command.meterId, on);
      const {
        meterId,
        thresholdId,
        high,
        low,
        hysteresis,
        service,
        priority: p,
        description,
      } = command;
      if (high === undefined && low === undefined)
        throw new DomainError(
          'ThresholdWithoutLimit',
          `Threshold ${thresholdId} needs a high limit, a low limit or both`,
          { thresholdId },
        );
      if (high !== undefined && low !== undefined && low >= high) {
        throw new DomainError(
          'InvalidRange',
          `Threshold ${thresholdId}: the low limit (${low}) must lie below the high limit (${high})`,
          { thresholdId, low, high },
        );
      }
      if (high !== undefined && low !== undefined && low + hysteresis >= high - hysteresis) {
        // No reading could ever be back inside the range: the threshold would trip once and never re-arm.
        throw new DomainError(
          'InvalidRange',
          `Threshold ${thresholdId}: a hysteresis of ${hysteresis} leaves no value between ${low} and ${high} to re-arm on`,
          { thresholdId, low, high, hysteresis },
        );
      }
      return [
        {
          type: 'ThresholdSet',
          data: strip({
            at,
            meterId,
            thresholdId,
            high,
            low,
            hysteresis,
            service,
            priority: p,
            description,
          }),
        },
      ];
    }
    case 'RemoveThreshold': {
      const meter = meterOf(state, command.meterId, on);
      if (!entryOf(meter.thresholds, command.thresholdId)) {
        throw new DomainError(
          'UnknownThreshold',
          `Meter ${command.meterId}${on} has no threshold ${command.thresholdId}`,
          { meterId: command.meterId, thresholdId: command.thresholdId },
        );
      }
      return [
        {
          type: 'ThresholdRemoved',
          data: { at, meterId: command.meterId, thresholdId: command.thresholdId },
        },
      ];
    }
    case 'RecordReading':
      return recordReading(command, meterOf(state, command.meterId, on), on);
    case 'RaiseAlarm': {
      const raisedAt = command.raisedAt ?? at;
      if (raisedAt.getTime() > at.getTime()) {
        throw new DomainError(
          'RaisedInFuture',
          `An alarm cannot be raised (${raisedAt.toISOString()}) after it is received (${at.toISOString()})`,
        );
      }
      const known = getIn(state.alarms, command.alarmId);
      if (known) {
        throw new DomainError(
          'AlarmAlreadyRaised',
          `Alarm ${command.alarmId}${on} was already raised at ${known.raisedAt.toISOString()} (${known.code})`,
          { alarmId: command.alarmId, code: known.code },
        );
      }
      // An alarm raised while an episode of its code stood repeats it, even delivered after
      // the episode was cleared. Whether a repeat asks for the episode's call again is the
      // requests' to say (episodes.ts).
      const repeatOf = episodeAt(state, command.code, raisedAt);
      const { alarmId, code, severity, message, service, priority: p } = command;
      return [
        {
          type: 'AlarmRaised',
          data: strip({
            at,
            alarmId,
            code,
            severity,
            message,
            raisedAt,
            service,
            priority: p,
            repeatOf,
          }),
        },
      ];
    }
    case 'ClearAlarm': {
      const alarm = getIn(state.alarms, command.alarmId);
      if (!alarm)
        throw new DomainError('UnknownAlarm', `No alarm ${command.alarmId}${on}`, {
          alarmId: command.alarmId,
        });
      const alreadyCleared = clearedAtOf(state, alarm);
      if (alreadyCleared)
        throw new DomainError(
          'AlarmAlreadyCleared',
          `Alarm ${command.alarmId}${on} was already cleared at ${alreadyCleared.toISOString()}`,
          { alarmId: command.alarmId },
        );
      const clearedAt = command.clearedAt ?? at;
      if (clearedAt.getTime() > at.getTime())
        throw new DomainError(
          'ClearedInFuture',
          `An alarm cannot be cleared (${clearedAt.toISOString()}) after the clearance is received (${at.toISOString()})`,
          { alarmId: command.alarmId },
        );
      if (clearedAt.getTime() < alarm.raisedAt.getTime())
        throw new DomainError(
          'ClearedBeforeRaised',
          `Alarm ${command.alarmId}${on} was raised at ${alarm.raisedAt.toISOString()}: it cannot be cleared at ${clearedAt.toISOString()}`,
          { alarmId: command.alarmId, raisedAt: alarm.raisedAt.toISOString() },
        );
      return [
        {
          type: 'AlarmCleared',
          data: strip({
            at,
            alarmId: command.alarmId,
            code: alarm.code,
            clearedAt,
            note: command.note,
          }),
        },
      ];
    }
  }
}

function recordReading(
  command: Extract<MeterCommand, { type: 'RecordReading' }>,
  meter: Meter,
  on: string,
): MeterEvent[] {
  const { at, meterId, value: shown, replacement, source } = command;
  const readAt = command.readAt ?? at;
  if (readAt.getTime() > at.getTime()) {
    throw new DomainError(
      'ReadingInFuture',
      `A reading cannot be taken (${readAt.toISOString()}) after it is recorded (${at.toISOString()})`,
    );
  }
  const last = meter.lastReading;
  if (last?.at.getTime() === readAt.getTime()) {
    if (shown === last.value && !replacement) {
      throw new DomainError(
        'ReadingAlreadyRecorded',
        `Meter ${meterId}${on} already shows ${shown} at ${readAt.toISOString()}: the reading was recorded before`,
        { meterId, readAt: readAt.toISOString(), value: shown },
      );
    }
    throw new DomainError(
      'ConflictingReading',
      `Meter ${meterId}${on} was read as ${last.value} at ${readAt.toISOString()}, not ${shown}`,
      { meterId, readAt: readAt.toISOString(), recorded: last.value, value: shown },
    );
  }
  if (last && readAt.getTime() < last.at.getTime()) {
    throw new DomainError(
      'ReadingOutOfOrder',
      `Meter ${meterId}${on} has a reading of ${last.at.toISOString()}: a reading of ${readAt.toISOString()} comes too late to count`,
      { meterId, last: last.at.toISOString(), readAt: readAt.toISOString() },
    );
  }
  let total: number | undefined;
  let replaced: { finalValue: number; initialValue: number } | undefined;
  if (meter.kind === 'gauge') {
    if (replacement)
      throw new DomainError(
        'NotACounter',
        `Meter ${meterId}${on} is a gauge: only counters are replaced with their count carried over`,
        { meterId },
      );
  } else if (replacement) {
    if (!last)
      throw new DomainError(
        'NothingToReplace',
        `Meter ${meterId}${on} has no reading yet: record its first reading without a replacement`,
        { meterId },
      );
    replaced = {
      finalValue: replacement.finalValue ?? last.value,
      initialValue: replacement.initialValue ?? 0,
    };
    if (replaced.finalValue < last.value) {
      throw new DomainError(
        'CounterWentBackwards',
        `The replaced meter ${meterId}${on} showed ${last.value} already: its final value cannot be ${replaced.finalValue}`,
        { meterId, last: last.value, finalValue: replaced.finalValue },
      );
    }
    if (shown < replaced.initialValue) {
      throw new DomainError(
        'CounterWentBackwards',
        `The new meter ${meterId}${on} started at ${replaced.initialValue}: it cannot show ${shown}`,
        { meterId, initialValue: replaced.initialValue, value: shown },
      );
    }
    total =
      (last.total ?? last.value) +
      (replaced.finalValue - last.value) +
      (shown - replaced.initialValue);
  } else {
    if (last && shown < last.value) {
      throw new DomainError(
        'CounterWentBackwards',
        `Counter ${meterId}${on} showed ${last.value} at ${last.at.toISOString()} and cannot go back to ${shown}; if the meter was replaced, record the reading as a replacement`,
        { meterId, last: last.value, value: shown },
      );
    }
    total = last ? (last.total ?? last.value) + (shown - last.value) : shown;
  }
  const events: MeterEvent[] = [
    {
      type: 'ReadingRecorded',
      data: strip({ at, meterId, readAt, value: shown, total, replacement: replaced, source }),
    },
  ];
  for (const [thresholdId, threshold] of Object.entries(meter.thresholds).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    const judged = judgeReading(threshold, shown);
    if (judged?.kind === 'crossed') {
      const { service, priority: p, description } = threshold;
      events.push({
        type: 'ThresholdCrossed',
        data: strip({
          at,
          meterId,
          thresholdId,
          readAt,
          value: shown,
          unit: meter.unit,
          limit: judged.limit,
          limitValue: judged.limitValue,
          service,
          priority: p,
          description,
        }),
      });
    } else if (judged?.kind === 'rearmed') {
      events.push({
        type: 'ThresholdRearmed',
        data: { at, meterId, thresholdId, readAt, value: shown },
      });
    }
  }
  return events;
}

function meterOf(state: Meters, meterId: string, on: string): Meter {
  const meter = entryOf(state.meters, meterId);
  if (!meter) {
    const known = Object.keys(state.meters);
    throw new DomainError(
      'UnknownMeter',
      `No meter ${meterId}${on}${known.length ? `; meters: ${known.join(', ')}` : ''}`,
      { meterId },
    );
  }
  return meter;
}
