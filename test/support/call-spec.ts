import {
  decideCall,
  builtInServiceLevels,
  evolveCall,
  initialOrganisation,
  type Actor,
  type Organisation,
  type CallCommand,
  type CallEvent,
  type CallState,
} from '../../src/domain/index.js';
import { outcome } from './outcome.js';

/** Fixed facts for specifications: the domain never reads a clock, neither do its tests. */
export const T0 = new Date('2026-11-23T09:00:00.000Z');
export const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);
export const CALL_ID = '0b7f6c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e';
export const agent: Actor = { id: 'ann', role: 'agent', name: 'Ann Agent' };
export const engineer: Actor = { id: 'eve', role: 'engineer', name: 'Eve Engineer' };
export const customer: Actor = {
  id: 'contact-1',
  role: 'customer',
  customerId: 'acme',
  name: 'Carl Customer',
};
export const system: Actor = { id: 'mail-parser', role: 'system' };

type Filled = 'at' | 'actor' | 'serviceLevels';
type CommandWithoutContext = CallCommand extends infer C
  ? C extends CallCommand
    ? Omit<C, Filled> & Partial<Pick<C, Extract<keyof C, Filled>>>
    : never
  : never;

/**
 * given(events).when(command).then(events) — or .refuses(code). The command gets `at`
 * (10 minutes after the last given event, unless given) and an actor (the agent).
 */
export function given(...history: CallEvent[]) {
  const state: CallState = history.reduce<CallState>(evolveCall, null);
  return {
    state,
    when(partial: CommandWithoutContext) {
      // Commands that count on the call's rules get the built-in ones unless the spec says otherwise.
      const rules = ['SetPriority', 'PutOnHold', 'ReleaseHold', 'EscalateServiceLevel'].includes(
        partial.type,
      )
        ? { serviceLevels: builtInServiceLevels }
        : {};
      // As the pipeline does: the instant of the last event, which the command may not precede.
      const last = (history[history.length - 1]?.data as { at?: Date } | undefined)?.at;
      const command = {
        at: minutes(100),
        actor: agent,
        ...rules,
        ...(last ? { previousAt: last } : {}),
        ...partial,
      } as CallCommand;
      return outcome(command.type, () => decideCall(command, state), { roundTrip: false });
    },
  };
}

/** Given-event builders: the facts specifications start from. */
export const events = {
  logged(overrides: Partial<Extract<CallEvent, { type: 'CallLogged' }>['data']> = {}): CallEvent {
    return {
      type: 'CallLogged',
      data: {
        callId: CALL_ID,
        number: 'C-000042',
        at: T0,
        reportedAt: T0,
        intake: { mode: 'knowledgeable', channel: 'phone' },
        reporter: { name: 'Carl Customer', email: 'carl@acme.example' },
        subject: { kind: 'customer', customerId: 'acme', siteId: 'paris' },
        item: { item: 'server-x', serialNumber: 'SRV-1' },
        description: 'Server does not boot',
        emergency: false,
        possibleDuplicates: [],
        badFix: false,
        ...overrides,
      },
    };
  },
  prioritised(priority = 3, emergency = false, at = T0): CallEvent {
    const targets = builtInServiceLevels.rules.priorities[String(priority)]!;
    return {
      type: 'PrioritySet',
      data: {
        at,
        priority,
        actualPriority: priority,
        factors: {},
        ruleSetId: 'standard',
        version: 1,
        source: 'built-in',
        calendar: '24x7',
        responseAllowedMs: targets.responseMinutes * 60_000,
        resolutionAllowedMs: targets.resolutionMinutes * 60_000,
        responseDueAt: new Date(T0.getTime() + targets.responseMinutes * 60_000),
        resolutionDueAt: new Date(T0.getTime() + targets.resolutionMinutes * 60_000),
        emergency,
      },
    };
  },
  assigned(engineerId = 'eve', group = 'servers-l1'): CallEvent {
    return { type: 'CallAssigned', data: { at: minutes(5), group, engineer: engineerId } };
  },
  started(engineerId = 'eve'): CallEvent {
    return { type: 'WorkStarted', data: { at: minutes(10), engineer: engineerId } };
  },
  rmaAuthorised(transferId = 'T1'): CallEvent {
    return {
      type: 'RmaAuthorised',
      data: {
        at: minutes(20),
        transferId,
        rmaNumber: `RMA-C-000042-${transferId}`,
        depot: 'depot-lyon',
        item: 'server-x',
        serialNumber: 'SRV-1',
      },
    };
  },
  visitScheduled(transferId = 'T1'): CallEvent {
    return {
      type: 'OnSiteVisitScheduled',
      data: {
        at: minutes(20),
        transferId,
        engineer: 'eve',
        plannedStart: minutes(60),
        plannedEnd: minutes(120),
      },
    };
  },
  resolved(): CallEvent {
    return {
      type: 'CallResolved',
      data: { at: minutes(50), by: 'eve', solution: 'Replaced the power supply' },
    };
  },
  accepted(): CallEvent {
    return { type: 'SolutionAccepted', data: { at: minutes(60), by: 'contact-1' } };
  },
  closed(): CallEvent {
    return { type: 'CallClosed', data: { at: minutes(70), by: 'ann' } };
  },
  archived(): CallEvent {
    return { type: 'CallArchived', data: { at: minutes(80) } };
  },
};

/** A call in progress with an engineer on it. */
/** A LogCall as the pipeline hands it to the decider (number allocated, rules chosen), matching events.logged(). */
export const logCall = {
  type: 'LogCall' as const,
  callId: CALL_ID,
  number: 'C-000042',
  possibleDuplicates: [] as string[],
  serviceLevels: { version: builtInServiceLevels, source: 'built-in' as const },
  at: T0,
  intake: { mode: 'knowledgeable' as const, channel: 'phone' as const },
  reporter: { name: 'Carl Customer', email: 'carl@acme.example' },
  subject: { kind: 'customer' as const, customerId: 'acme', siteId: 'paris' },
  item: { item: 'server-x', serialNumber: 'SRV-1' },
  description: 'Server does not boot',
  emergency: false,
};

export const inProcess = (): CallEvent[] => [
  events.logged(),
  events.prioritised(),
  events.assigned(),
  events.started(),
];
/** A call that was resolved, accepted and closed. */
export const closedCall = (): CallEvent[] => [
  ...inProcess(),
  events.resolved(),
  events.accepted(),
  events.closed(),
];

/** An organisation with one active group, servers-l1: a group named otherwise is no group of its. */
export const organisationWithServersGroup = (): Organisation => ({
  ...initialOrganisation(),
  groups: {
    'servers-l1': {
      name: 'Servers I',
      kind: 'service-level',
      level: 1,
      members: [],
      active: true,
    },
  },
});
