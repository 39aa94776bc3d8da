import type { MeterEvent } from './meter.js';

/**
 * The work a meter or a device asks for, named by the fact that asked: a threshold crossed
 * by one reading, or one alarm. The key is that fact's identity, so the call derived from
 * it is found again however often the fact is read: a replayed reading or an alarm
 * received twice makes no second call.
 */
type Crossed = Extract<MeterEvent, { type: 'ThresholdCrossed' }>['data'];
type Raised = Extract<MeterEvent, { type: 'AlarmRaised' }>['data'];

export function thresholdCrossingKey(
  serialNumber: string,
  crossed: Pick<Crossed, 'meterId' | 'thresholdId' | 'readAt'>,
): string {
  return JSON.stringify([
    'threshold',
    serialNumber,
    crossed.meterId,
    crossed.thresholdId,
    crossed.readAt.toISOString(),
  ]);
}

export function alarmKey(serialNumber: string, alarmId: string): string {
  return JSON.stringify(['alarm', serialNumber, alarmId]);
}

export function describeThresholdCrossing(
  serialNumber: string,
  crossed: Crossed,
): { summary: string; body: string } {
  const verb = crossed.limit === 'high' ? 'reached the high limit' : 'fell to the low limit';
  const summary =
    `Meter ${crossed.meterId} on ${serialNumber}: ${crossed.value} ${crossed.unit} ${verb} ${crossed.limitValue}`.slice(
      0,
      200,
    );
  const body = [
    `Reading: ${crossed.value} ${crossed.unit} on meter ${crossed.meterId} of ${serialNumber}, read at ${crossed.readAt.toISOString()}`,
    `Threshold: ${crossed.thresholdId}, ${crossed.limit} limit ${crossed.limitValue}${crossed.description ? ` — ${crossed.description}` : ''}`,
    `Service: ${crossed.service}`,
    'Later readings out of range make no further call until a reading is back within the range.',
  ].join('\n');
  return { summary, body };
}

export function describeAlarm(
  serialNumber: string,
  alarmId: string,
  raised: Raised,
): { summary: string; body: string } {
  const summary =
    `Alarm ${raised.code} (${raised.severity}) on ${serialNumber}: ${raised.message}`.slice(0, 200);
  const body = [
    `Alarm ${alarmId} from ${serialNumber}, raised at ${raised.raisedAt.toISOString()}`,
    `Code: ${raised.code}, severity ${raised.severity}`,
    `Service: ${raised.service}`,
    ...(raised.repeatOf === undefined
      ? []
      : [
          `Repeats alarm ${raised.repeatOf}, not cleared when this one was raised: no request of this episode became a call (refused or declined), so this one asks again`,
        ]),
    '',
    raised.message,
  ].join('\n');
  return { summary, body };
}
