import { sameValue, strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import { refuseBackdatedByCustomer } from '../shared/time-order.js';
import type { CallCommandOf } from './commands.js';
import type { CallEvent } from './events.js';
import { nextId } from './ids.js';
import { newAttachments } from './attachments.js';
import { ensureAssignable } from './engineers.js';
import { prioritySet, ratingFactors } from './rating.js';
import { targetsFor } from '../service-level/clock.js';
import type { Call, IntakeMode } from './state.js';
import type { Role } from '../shared/schema.js';
import type { RoutingFacts } from '../routing/routing.js';
import { routedEvents, type CallRouting } from './routing.js';
import { correctedCover } from './item-correction.js';

/** The intake mode follows from who logs (A1): self-service is electronic, a call-taker records, other staff log knowledgeably. */
export function intakeModeOf(role: Role): IntakeMode {
  if (role === 'system' || role === 'customer') return 'electronic';
  return role === 'call-taker' ? 'recording' : 'knowledgeable';
}

/**
 * The call and its coverage agree on the site: where the customer validation found the item in
 * the installed base on the call's day, the call is at that site; the site the caller named,
 * if another, is kept as `namedSiteId` (the pipeline warns).
 */
function siteOf(command: CallCommandOf<'LogCall'>): {
  subject: CallCommandOf<'LogCall'>['subject'];
  namedSiteId?: string;
} {
  const installed =
    command.coverage?.serialNumber !== undefined ? command.coverage.siteId : undefined;
  const { subject } = command;
  if (subject.kind !== 'customer' || installed === undefined || subject.siteId === installed)
    return { subject };
  return subject.siteId === undefined
    ? { subject: { ...subject, siteId: installed } }
    : { subject: { ...subject, siteId: installed }, namedSiteId: subject.siteId };
}

/**
 * Likewise the item: where the installed base knows the serial number, the call is about its
 * item (what routing and reports read); an item the caller named otherwise is kept as `namedItem`.
 */
function itemOf(command: CallCommandOf<'LogCall'>): {
  item: CallCommandOf<'LogCall'>['item'];
  namedItem?: string;
} {
  const { item } = command;
  const installed =
    command.coverage?.serialNumber !== undefined ? command.coverage.item : undefined;
  if (installed === undefined || item.item === installed) return { item };
  return item.item === undefined
    ? { item: { ...item, item: installed } }
    : { item: { ...item, item: installed }, namedItem: item.item };
}

/** What a LogCall says of itself, checked before anything is looked up: its validation must not outrank these. */
type LoggableFields = Pick<
  CallCommandOf<'LogCall'>,
  | 'at'
  | 'reportedAt'
  | 'actor'
  | 'intake'
  | 'subject'
  | 'priority'
  | 'emergency'
  | 'factors'
  | 'assignTo'
  | 'reopenedFrom'
>;

/**
 * The rules a LogCall must keep whatever the master data say: reported before it is
 * logged, the intake mode its actor logs in, a customer's own call, not rated by a
 * customer. Run first by the pipeline, so that such a command is refused for what is
 * wrong with it, and never recorded as a request refused for want of a contract.
 */
export function ensureLoggable(command: LoggableFields): void {
  const { at } = command;
  const reportedAt = command.reportedAt ?? at;
  if (reportedAt.getTime() > at.getTime()) {
    throw new DomainError(
      'ReportedInFuture',
      `A call cannot be reported (${reportedAt.toISOString()}) after it is logged (${at.toISOString()})`,
    );
  }
  refuseBackdatedByCustomer(command, command.reportedAt, 'reportedAt');
  const mode = intakeModeOf(command.actor.role);
  if (command.intake.mode !== mode) {
    // A1: electronic intake has no person in the loop (a); a call-taker only records (b); staff who know the trade log knowledgeably (c).
    throw new DomainError(
      'IntakeModeMismatch',
      command.intake.mode === 'electronic'
        ? `Electronic intake is logged by a system or by the customer through self-service, not by a ${command.actor.role}`
        : `A ${command.actor.role} logs calls as "${mode}", not as "${command.intake.mode}"`,
      { mode: command.intake.mode, role: command.actor.role, expected: mode },
    );
  }
  if (
    command.actor.role === 'customer' &&
    (command.subject.kind !== 'customer' || command.subject.customerId !== command.actor.customerId)
  ) {
    throw new DomainError(
      'NotYourCall',
      `A customer logs calls for their own customer (${command.actor.customerId ?? 'none given'}) only`,
    );
  }
  if (command.actor.role === 'customer' && !command.reopenedFrom) {
    // Self-service reports the problem; how urgent it is and who takes it are the service desk's call (A5, C2).
    const rated = strip({
      priority: command.priority,
      emergency: command.emergency || undefined,
      factors: command.factors,
      assignTo: command.assignTo,
    });
    if (Object.keys(rated).length > 0) {
      throw new DomainError(
        'NotForCustomers',
        `A customer does not set ${Object.keys(rated).join(', ')} when logging a call; the service desk rates and routes it`,
        { fields: Object.keys(rated) },
      );
    }
  }
}

/** Logging (A1–A3, A9): the call, its priority and targets (A5), and the default destination (C2). */
export function logCall(command: CallCommandOf<'LogCall'>): CallEvent[] {
  const { at, serviceLevels } = command;
  const reportedAt = command.reportedAt ?? at;
  ensureLoggable(command);
  if (command.coverage?.chargeable && command.chargeable !== true) {
    // B4: whatever the customer pays for, wholly (not covered) or its share (partly covered), is confirmed explicitly.
    const { coverage } = command;
    const what = `${coverage.service} on ${coverage.serialNumber ?? coverage.siteId ?? 'this request'} under contract ${coverage.contractId}`;
    throw new DomainError(
      'ChargeableWorkNotConfirmed',
      coverage.verdict === 'partly-covered'
        ? `Partly covered (${coverage.share}%): ${what}; the remaining ${100 - coverage.share}% is chargeable. Log it as chargeable work (chargeable: true) or decline it`
        : `Not covered: ${what}. Log it as chargeable work (chargeable: true) or decline it`,
      { coverage },
    );
  }
  const { version, source } = serviceLevels;
  const priority = command.priority ?? version.rules.defaultPriority;
  const factors = ratingFactors(
    version,
    { ...command.knownFactors, ...command.factors },
    command.badFix ?? false,
  );
  const targets = targetsFor(
    version,
    { priority, factors, emergency: command.emergency },
    reportedAt,
    [],
  );
  const { subject, namedSiteId } = siteOf(command);
  const { item, namedItem } = itemOf(command);
  const events: CallEvent[] = [
    {
      type: 'CallLogged',
      data: strip({
        callId: command.callId,
        number: command.number,
        at,
        reportedAt,
        intake: command.intake,
        reporter: command.reporter,
        subject,
        item,
        customerReference: command.customerReference,
        description: command.description,
        emergency: command.emergency,
        possibleDuplicates: [...command.possibleDuplicates],
        reopenedFrom: command.reopenedFrom,
        badFix: command.badFix ?? false,
        namedSiteId,
        namedItem,
        attachments: newAttachments(undefined, command.attachments, command.actor),
      }),
    },
    ...(command.coverage
      ? [{ type: 'CoverageDetermined', data: { at, coverage: command.coverage } } as CallEvent]
      : []),
    prioritySet(at, version, source, priority, factors, targets, command.emergency),
  ];
  const assignTo =
    command.assignTo &&
    (command.assignTo.supportCentre || command.assignTo.group || command.assignTo.engineer)
      ? command.assignTo
      : undefined;
  if (assignTo && command.organisation)
    ensureAssignable(command.organisation, assignTo, undefined, command.engineerRecord, at);
  if (command.routing) {
    // Issue 21: routing rules are published; the decision and its rule are recorded.
    events.push(
      ...routedEvents(
        at,
        command.routing,
        factsOfLogCall(command, command.routing, priority),
        assignTo,
        command.organisation,
      ),
    );
  } else if (assignTo) {
    events.push({
      type: 'CallAssigned',
      data: strip({ at, ...assignTo, reason: 'Assigned at logging' }),
    });
  } else if (command.organisation?.defaultDestination) {
    // C2: a new call goes to the default destination, who reads it and dispatches it.
    const { kind, id } = command.organisation.defaultDestination;
    events.push({
      type: 'CallAssigned',
      data: {
        at,
        ...(kind === 'group' ? { group: id } : { owner: id }),
        reason: `Default destination (${kind})`,
      },
    });
  }
  return events;
}

/** The facts rules read, from a call being logged (a reopened one is routed as reopened). */
function factsOfLogCall(
  command: CallCommandOf<'LogCall'>,
  routing: CallRouting,
  priority: number,
): RoutingFacts {
  const subject = command.subject.kind === 'customer' ? command.subject : undefined;
  return strip({
    occasion: command.reopenedFrom ? ('reopened' as const) : ('new' as const),
    channel: command.intake.channel,
    product: itemOf(command).item.item,
    itemGroup: routing.itemGroup,
    siteId: command.coverage?.siteId ?? subject?.siteId,
    region: routing.region,
    customerId: subject?.customerId,
    priority,
  });
}

export const detailCommands = ['AddFollowUp', 'AddInternalNote', 'CorrectCallDetails'] as const;

/** Information arriving later never overwrites what was there (A2); corrections are explicit and reasoned. */
export function decideDetails(
  command: CallCommandOf<(typeof detailCommands)[number]>,
  call: Call,
): CallEvent[] {
  const { at, actor } = command;
  switch (command.type) {
    case 'AddFollowUp':
      if (command.requestId !== undefined && actor.role !== 'system')
        throw new DomainError(
          'SystemOnly',
          'Only the intake (role system) adds a follow-up as the message of a request',
        );
      return [
        {
          type: 'FollowUpAdded',
          data: strip({
            at,
            followUpId: nextId('F', call.followUps),
            by: actor.id,
            text: command.text,
            requestId: command.requestId,
            attachments: newAttachments(call, command.attachments, actor),
          }),
        },
      ];
    case 'AddInternalNote':
      return [
        {
          type: 'InternalNoteAdded',
          data: { at, noteId: nextId('N', call.notes), by: actor.id, text: command.text },
        },
      ];
    case 'CorrectCallDetails': {
      const item = command.item && !sameValue(command.item, call.item) ? command.item : undefined;
      const changes = strip({
        description:
          command.description !== undefined && command.description !== call.description
            ? command.description
            : undefined,
        customerReference:
          command.customerReference !== undefined &&
          command.customerReference !== call.customerReference
            ? command.customerReference
            : undefined,
        reporter:
          command.reporter && !sameValue(command.reporter, call.reporter)
            ? command.reporter
            : undefined,
        item,
      });
      if (Object.keys(changes).length === 0) {
        throw new DomainError(
          'NothingToChange',
          `The correction changes nothing on call ${call.number}`,
        );
      }
      // A corrected item is judged again for what covers it (B4).
      const cover = item ? correctedCover(command, call, item) : {};
      return [
        {
          type: 'CallDetailsCorrected',
          data: { at, reason: command.reason, ...changes, ...cover },
        },
      ];
    }
  }
}
