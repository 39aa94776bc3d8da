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

/** What the run knows of a call when a step of it runs: whom it is assigned to. */
export interface CallSoFar {
  /** The engineer of the call the step acts on (the call, or its successor). */
  readonly engineer?: string;
  /** The engineer of the call itself (not of its successor). */
  readonly callEngineer?: string;
}

/** A step's command, built when it runs. */
export type BuildCommand = (reference: string, call?: CallSoFar) => Record<string, unknown>;

/** One command of a plan: when, on which call, and the command without its id. */
export interface PlannedStep {
  readonly at: Date;
  readonly target: Target;
  readonly command: BuildCommand;
  /** Skipped when the request was already accepted (by the system, at once). */
  readonly unlessAccepted?: boolean;
  /** Skipped when this holds of the call as it is when the step is due (nothing to do). */
  readonly unless?: (call: CallSoFar) => boolean;
}

export interface CallPlan {
  readonly scenario: Scenario;
  readonly steps: readonly PlannedStep[];
}

/**
 * Who does a step: a known actor, or the engineer routing gave the call (issue 21), known only
 * when the step runs; `otherwise` stands in when the call has no engineer.
 */
export type Worker =
  Actor | { readonly assigned: true; readonly role: 'engineer'; readonly otherwise: Actor };

/** The engineer a call is assigned to, when its step runs. */
export const assignedEngineer = (otherwise: Actor): Worker => ({
  assigned: true,
  role: 'engineer',
  otherwise,
});

/** A step's command, with who does it (drawn lazily: its random choices happen when it runs). */
export type StepCommand = BuildCommand & {
  readonly by?: { readonly role: string };
  readonly unless?: (call: CallSoFar) => boolean;
};

export const by = (worker: { readonly role: string }, command: BuildCommand): StepCommand =>
  Object.assign(command, { by: worker });
