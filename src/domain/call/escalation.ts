import { escalationKey, levelsReached, usedShare } from '../service-level/clock.js';
import {
  escalationLevels,
  type ServiceLevelVersion,
  type TargetKind,
} from '../service-level/rules.js';
import type { CallEvent } from './events.js';
import { clockHolds } from './rating.js';
import type { Call } from './state.js';

const RUNNING = new Set(['Registered', 'Assigned', 'InProcess', 'Transferred']);

/**
 * The escalation levels a running call has newly reached by `asOf` (shares of allowed
 * working time, holds excluded). Levels already recorded are not repeated, so running the
 * escalation process twice for the same instant, or again later, escalates each level once.
 */
export function escalations(call: Call, version: ServiceLevelVersion, asOf: Date): CallEvent[] {
  const level = call.serviceLevel;
  if (!level || !RUNNING.has(call.status)) return [];
  const holds = clockHolds(call);
  const targets: Array<[TargetKind, number, Date | undefined]> = [
    ['response', level.responseAllowedMs, call.respondedAt],
    ['resolution', level.resolutionAllowedMs, undefined],
  ];
  const events: CallEvent[] = [];
  for (const [target, allowedMs, doneAt] of targets) {
    if (doneAt && doneAt.getTime() <= asOf.getTime()) continue; // met or missed: nothing more to escalate
    const share = usedShare(version.rules, level.calendar, call.reportedAt, allowedMs, holds, asOf);
    for (const step of levelsReached(version.rules, share)) {
      if (level.escalations[escalationKey(target, step.level)]) continue;
      events.push({
        type: 'ServiceLevelEscalated',
        data: { at: asOf, target, level: step.level, share: Math.round(share * 1000) / 1000 },
      });
    }
  }
  return events;
}

/**
 * Whether escalating the call as of `asOf` could record anything: its clock runs, and a
 * target still open (the response until it is given; the resolution) lacks one of the
 * escalation levels (each is recorded once per target). False means judging it writes
 * nothing, whatever its rules: the escalation process may pass it by.
 */
export function mayEscalate(
  call: {
    readonly status: string;
    readonly respondedAt: string | null;
    readonly escalations: readonly string[];
  },
  asOf: Date,
): boolean {
  if (!RUNNING.has(call.status)) return false;
  const recorded = new Set(call.escalations);
  const open: TargetKind[] =
    call.respondedAt !== null && Date.parse(call.respondedAt) <= asOf.getTime()
      ? ['resolution']
      : ['response', 'resolution'];
  return open.some((target) =>
    escalationLevels.some((level) => !recorded.has(escalationKey(target, level))),
  );
}

/**
 * What judging a call as of `asOf` would do, from its state and the instant of its last
 * change: 'overtaken' when it changed after that instant (EscalateServiceLevel is refused as
 * OutOfOrder), 'due' when a level is newly reached, 'nothing' otherwise. The escalation
 * process sends a command only for a call that is due, so the receipts of commands that
 * changed nothing stay the exception.
 */
export function escalationOutlook(
  call: Call,
  lastChangeAt: Date | undefined,
  version: ServiceLevelVersion,
  asOf: Date,
): 'due' | 'nothing' | 'overtaken' {
  if (lastChangeAt !== undefined && lastChangeAt.getTime() > asOf.getTime()) return 'overtaken';
  return escalations(call, version, asOf).length > 0 ? 'due' : 'nothing';
}
