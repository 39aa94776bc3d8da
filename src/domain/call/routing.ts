import { strip } from '../shared/objects.js';
import type { Organisation } from '../organisation/organisation.js';
import {
  routeCall,
  type RoutableEngineer,
  type RoutingFacts,
  type RoutingOccasion,
  type RoutingVersion,
  type MasterDataSubject,
} from '../routing/routing.js';
import type { CallCommandOf } from './commands.js';
import type { CallEvent, CallEventData } from './events.js';
import { isActiveGroup } from '../organisation/organisation.js';
import { ensureAssignable } from './engineers.js';
import type { Call, Transfer } from './state.js';

/**
 * What the pipeline resolves for routing (issue 21): the rule version in force at the
 * command's instant and the engineers it may choose, with their profile on that day and
 * their open work. Absent: no rules are published, and the call goes where it always did.
 */
export interface CallRouting {
  readonly version: RoutingVersion;
  readonly engineers: readonly RoutableEngineer[];
  /** The region of the call's site and its item's group, where master data knows them (masterDataFacts). */
  readonly region?: string;
  readonly itemGroup?: string;
}

/** A destination a command names, or routing chose. */
export interface RoutedDestination {
  readonly supportCentre?: string;
  readonly group?: string;
  readonly engineer?: string;
  readonly owner?: string;
}

/** What a call names that master data knows more of: its customer's site, its product. */
export function masterDataSubjectOf(call: Call): MasterDataSubject {
  const subject = call.subject.kind === 'customer' ? call.subject : undefined;
  return strip({
    customerId: subject?.customerId,
    siteId: subject?.siteId,
    product: call.product ?? call.item.item,
  });
}

/** The facts rules read, from a call as it stands (a reopened or returned call). */
export function factsOfCall(
  call: Call,
  occasion: RoutingOccasion,
  routing: CallRouting,
): RoutingFacts {
  const { customerId, siteId, product } = masterDataSubjectOf(call);
  return strip({
    occasion,
    channel: call.intake.channel,
    purpose: call.purpose,
    product,
    itemGroup: routing.itemGroup,
    siteId,
    region: routing.region,
    customerId,
    priority: call.serviceLevel?.priority,
  });
}

/**
 * Routing's decision as events: CallRouted (the rule and version that decided, or the
 * destination the command named: explicit wins, and is recorded as such), then the
 * CallAssigned that carries it out. The default destination is the organisation's; where
 * it has none, the call stays where it is (CallRouted alone says so).
 */
export function routedEvents(
  at: Date,
  routing: CallRouting,
  facts: RoutingFacts,
  explicit: RoutedDestination | undefined,
  organisation: Organisation | undefined,
): CallEvent[] {
  const ruleVersion = routing.version.version;
  const routed = (
    rule: string | null,
    destination: RoutedDestination,
    isExplicit: boolean,
  ): CallEventData<'CallRouted'> => {
    const { occasion, ...read } = facts;
    return {
      at,
      occasion,
      ruleVersion,
      rule,
      explicit: isExplicit,
      destination: strip({ ...destination }),
      facts: strip({ ...read }),
    };
  };
  // The decision, then the assignment that carries it out.
  const andAssigned = (
    decided: CallEventData<'CallRouted'>,
    assignment: RoutedDestination,
    reason: string,
  ): CallEvent[] => [
    { type: 'CallRouted', data: decided },
    { type: 'CallAssigned', data: strip({ at, ...assignment, reason }) },
  ];
  if (explicit)
    return andAssigned(
      routed(null, explicit, true),
      explicit,
      'Assigned by hand (routing rules not applied)',
    );
  const decision = routeCall(
    routing.version,
    facts,
    routing.engineers,
    (groupId) => !organisation || isActiveGroup(organisation, groupId),
  );
  if (!decision.toDefault) {
    const destination = strip({ group: decision.group, engineer: decision.engineer });
    return andAssigned(
      routed(decision.ruleId, destination, false),
      destination,
      `Routed by rule ${decision.ruleId ?? ''} (routing rules v${ruleVersion})`,
    );
  }
  const fallback = organisation?.defaultDestination;
  if (!fallback) return [{ type: 'CallRouted', data: routed(decision.ruleId, {}, false) }];
  const destination = fallback.kind === 'group' ? { group: fallback.id } : { owner: fallback.id };
  return andAssigned(
    routed(decision.ruleId, destination, false),
    destination,
    `Default destination (${fallback.kind}; routing rules v${ruleVersion})`,
  );
}

/**
 * Where a call returned from second line goes: the destination named, else routing's (issue
 * 21). `call` is as the return leaves it, back with the dispatch it had before the transfer.
 */
export function returnedTo(
  command: CallCommandOf<'ReturnFromSecondLine'>,
  call: Call,
): CallEvent[] {
  const { at, assignTo, organisation, routing } = command;
  const named =
    assignTo !== undefined &&
    [assignTo.supportCentre, assignTo.group, assignTo.engineer].some((d) => d !== undefined);
  if (named && organisation)
    ensureAssignable(organisation, assignTo, call.dispatch.group, command.engineerRecord, at);
  if (routing)
    return routedEvents(
      at,
      routing,
      factsOfCall(call, 'returned', routing),
      named ? assignTo : undefined,
      organisation,
    );
  return named
    ? [
        {
          type: 'CallAssigned',
          data: strip({ at, ...assignTo, reason: 'Returned from second line' }),
        },
      ]
    : [];
}

/**
 * Where a call goes when its second-line transfer is cancelled: back to the first line, as
 * a return is (the transfer's `returnTo`), or where the routing rules in force send a
 * returned call (issue 21). Other transfers cancelled leave the call where it is.
 */
export function cancelledBackTo(
  command: CallCommandOf<'CancelTransfer'>,
  call: Call,
  transfer: Transfer,
): CallEvent[] {
  const { at, organisation, routing } = command;
  if (transfer.kind !== 'second-line' || !routing) return [];
  return routedEvents(at, routing, factsOfCall(call, 'returned', routing), undefined, organisation);
}
