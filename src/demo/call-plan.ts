import type { Actor } from '../domain/index.js';

/** How a call's life goes in the demo; each exercises a different part of the flow. */
export const scenarios = [
  'refused',
  'first-line-fix',
  'second-line',
  'on-site',
  'depot-repair',
  'subcontract',
  'rejected-then-fixed',
  'on-hold',
  'cancelled',
  'reopened',
  'waiting-for-parts',
] as const;
export type Scenario = (typeof scenarios)[number];

export type Target = 'call' | 'successor' | 'request';

/** One command of a plan: when, on which call, and the command without its id. */
export interface PlannedStep {
  readonly at: Date;
  readonly target: Target;
  readonly command: (reference: string) => Record<string, unknown>;
  /** Skipped when the request was already accepted (by the system, at once). */
  readonly unlessAccepted?: boolean;
}

export interface CallPlan {
  readonly scenario: Scenario;
  readonly steps: readonly PlannedStep[];
}

/** A step's command, with who does it (drawn lazily: its random choices happen when it runs). */
export type StepCommand = ((reference: string) => Record<string, unknown>) & {
  readonly by?: Actor;
};

export const by = (
  actor: Actor,
  command: (reference: string) => Record<string, unknown>,
): StepCommand => Object.assign(command, { by: actor });
