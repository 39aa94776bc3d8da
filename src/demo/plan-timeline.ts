import type { Actor } from '../domain/index.js';
import {
  by,
  type CallSoFar,
  type PlannedStep,
  type StepCommand,
  type Target,
  type Worker,
} from './call-plan.js';
import { staff } from './organisation.js';
import { duringOfficeHours, MINUTE } from './office-hours.js';

/** A call plan's clock and the steps written so far, in the order they happen. */
export class PlanTimeline {
  readonly steps: PlannedStep[] = [];
  clock: number;

  constructor(arrival: Date) {
    this.clock = arrival.getTime();
  }

  /** A step at the current instant, without moving the clock (the intake itself). */
  now(command: StepCommand, target: Target): void {
    this.steps.push({ at: new Date(this.clock), target, command });
  }

  /** A step at least a minute after the previous one; staff act only in office hours. */
  after(
    afterMinutes: number,
    command: StepCommand,
    target: Target = 'call',
    unlessAccepted = false,
  ): void {
    this.clock += Math.max(1, Math.round(afterMinutes)) * MINUTE;
    // Staff work office hours; customers write whenever they like.
    if (command.by && command.by.role !== 'customer') this.clock = duringOfficeHours(this.clock);
    this.steps.push({
      at: new Date(this.clock),
      target,
      command,
      ...(unlessAccepted ? { unlessAccepted } : {}),
      ...(command.unless ? { unless: command.unless } : {}),
    });
  }
}

/** A command on the call (its reference filled in when it runs) by `worker`. */
export const on = (
  type: string,
  worker: Worker,
  fields: Record<string, unknown> = {},
): StepCommand =>
  by(worker, (call: string, soFar: CallSoFar = {}) => ({
    type,
    actor: actorOf(worker, soFar),
    call,
    ...fields,
  }));

/** The actor a worker is when the step runs: the call's engineer, if it is theirs to do. */
export function actorOf(worker: Worker, call: CallSoFar): Actor {
  if (!('assigned' in worker)) return worker;
  const engineer = call.engineer;
  return (
    Object.values(staff).find((s) => s.id === engineer && s.role === 'engineer') ?? worker.otherwise
  );
}
