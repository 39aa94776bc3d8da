import { entryOf, strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { CallCommandOf } from './commands.js';
import type { CallEvent } from './events.js';
import { targetsFor } from '../service-level/clock.js';
import { escalations } from './escalation.js';
import { nextId } from './ids.js';
import { newAttachments } from './attachments.js';
import { clockHolds, prioritySet, ratingFactors } from './rating.js';
import { ensureKnownPurpose } from '../organisation/organisation.js';
import { assignedDispatch, type Call } from './state.js';
import { contractChange } from './contract-change.js';
import { ensureAssignable, ensureMayStart } from './engineers.js';
import { ensureKnownCodes, initialKnowledge } from '../knowledge/codes.js';

export const handlingCommands = [
  'EvaluateCall',
  'SetPriority',
  'AssignCall',
  'ClassifyCall',
  'StartWork',
  'RecordDiagnosis',
  'PutOnHold',
  'ReleaseHold',
  'RecordAcknowledgement',
  'ChangeContract',
  'EscalateServiceLevel',
] as const;

/** Triage (A4), priority (A5), dispatch (C2), diagnosis (C1) and the On Hold flag. */
export function decideHandling(
  command: CallCommandOf<(typeof handlingCommands)[number]>,
  call: Call,
): CallEvent[] {
  const { at, actor } = command;
  switch (command.type) {
    case 'EvaluateCall': {
      const { category, impact, urgency, summary } = command;
      if (
        category === undefined &&
        impact === undefined &&
        urgency === undefined &&
        summary === undefined
      ) {
        throw new DomainError(
          'NothingToChange',
          'An evaluation needs a category, impact, urgency or summary',
        );
      }
      return [
        {
          type: 'CallEvaluated',
          data: strip({ at, by: actor.id, category, impact, urgency, summary }),
        },
      ];
    }
    case 'SetPriority': {
      const current = call.serviceLevel;
      const emergency = command.emergency ?? call.emergency;
      const version = command.serviceLevels;
      const factors = command.factors
        ? ratingFactors(version, command.factors, call.badFix)
        : (current?.factors ?? {});
      if (
        current?.priority === command.priority &&
        emergency === call.emergency &&
        JSON.stringify(factors) === JSON.stringify(current.factors)
      ) {
        throw new DomainError(
          'NothingToChange',
          `Call ${call.number} already has priority ${command.priority}`,
        );
      }
      // Targets always count from the reported time, on the call's own rule version, with its holds:
      // re-rating moves them, it neither restarts the clock nor forgets a pause.
      const targets = targetsFor(
        version,
        { priority: command.priority, factors, emergency },
        call.reportedAt,
        clockHolds(call),
      );
      return [
        prioritySet(
          at,
          version,
          current?.source ?? 'built-in',
          command.priority,
          factors,
          targets,
          emergency,
          command.reason,
        ),
      ];
    }
    case 'AssignCall': {
      const { supportCentre, group, engineer, reason } = command;
      if (supportCentre === undefined && group === undefined && engineer === undefined) {
        throw new DomainError(
          'NothingToChange',
          'An assignment needs a support centre, a group or an engineer',
        );
      }
      const after = assignedDispatch(call.dispatch, { supportCentre, group, engineer });
      if (command.organisation)
        ensureAssignable(
          command.organisation,
          { group, supportCentre, engineer },
          call.dispatch.group,
          command.engineerRecord,
          at,
        );
      if (JSON.stringify(after) === JSON.stringify(call.dispatch)) {
        throw new DomainError('NothingToChange', `Call ${call.number} is already assigned so`);
      }
      return [
        { type: 'CallAssigned', data: strip({ at, supportCentre, group, engineer, reason }) },
      ];
    }
    case 'ClassifyCall': {
      if (command.organisation) ensureKnownPurpose(command.organisation, command.purpose);
      if (
        call.purpose === command.purpose &&
        (command.product === undefined || command.product === call.product)
      ) {
        throw new DomainError(
          'NothingToChange',
          `Call ${call.number} is already classified as ${command.purpose}`,
        );
      }
      return [
        {
          type: 'CallClassified',
          data: strip({ at, purpose: command.purpose, product: command.product }),
        },
      ];
    }
    case 'StartWork': {
      const engineer = command.engineer ?? actor.id;
      ensureMayStart(call, engineer, command.organisation, command.engineerRecord, at);
      return [{ type: 'WorkStarted', data: { at, engineer } }];
    }
    case 'RecordDiagnosis': {
      const { symptom, cause, solution } = command;
      const codes = command.codes && strip(command.codes);
      const d = call.diagnosis;
      if (
        command.attachments === undefined &&
        (symptom ?? d.symptom) === d.symptom &&
        (cause ?? d.cause) === d.cause &&
        (solution ?? d.solution) === d.solution &&
        (['problem', 'cause', 'solution'] as const).every(
          (kind) => (codes?.[kind] ?? d.codes?.[kind]) === d.codes?.[kind],
        )
      ) {
        throw new DomainError(
          'NothingToChange',
          'The diagnosis records nothing new (symptom, cause, solution, codes or attachments)',
        );
      }
      if (codes)
        ensureKnownCodes(command.knowledge ?? initialKnowledge(), codes, {
          item: call.item.item,
          product: call.product,
        });
      const attachments = newAttachments(call, command.attachments, actor);
      return [
        {
          type: 'DiagnosisRecorded',
          data: strip({
            at,
            symptom,
            cause,
            solution,
            codes: codes && Object.keys(codes).length > 0 ? codes : undefined,
            attachments,
          }),
        },
      ];
    }
    case 'PutOnHold': {
      if (call.onHold) {
        throw new DomainError(
          'AlreadyOnHold',
          `Call ${call.number} is already on hold since ${call.onHold.since.toISOString()}: ${call.onHold.reason}`,
        );
      }
      // Whether this wait stops the clock is decided now, by the call's rules, and recorded.
      const pausesClock = command.serviceLevels.rules.pauseOn.includes(command.kind);
      return [
        {
          type: 'CallPutOnHold',
          data: {
            at,
            reason: command.reason,
            kind: command.kind,
            holdId: nextId('H', call.holds),
            pausesClock,
          },
        },
      ];
    }
    case 'ReleaseHold': {
      if (!call.onHold) throw new DomainError('NotOnHold', `Call ${call.number} is not on hold`);
      const released: CallEvent = {
        type: 'CallReleasedFromHold',
        data: { at, holdId: call.onHold.holdId },
      };
      const hold = entryOf(call.holds, call.onHold.holdId);
      const level = call.serviceLevel;
      if (!hold?.pausesClock || !level) return [released];
      // The clock runs again: the due instants move by the working time it stood still.
      const targets = targetsFor(
        command.serviceLevels,
        { priority: level.priority, factors: level.factors, emergency: call.emergency },
        call.reportedAt,
        clockHolds(call, at),
      );
      return [
        released,
        {
          type: 'ServiceLevelTargetsMoved',
          data: strip({
            at,
            reason: `Clock resumed after ${hold.kind}`,
            responseDueAt: targets.responseDueAt,
            resolutionDueAt: targets.resolutionDueAt,
          }),
        },
      ];
    }
    case 'RecordAcknowledgement': {
      if (entryOf(call.acknowledgements, command.notificationId)) return []; // delivered again: at least once, recorded once
      const { customerId, contactId } = command;
      // A contact is named within their customer: their subject id needs both (docs/privacy.md).
      if ((customerId === undefined) !== (contactId === undefined))
        throw new DomainError(
          'ContactWithoutCustomer',
          'An acknowledgement sent to a contact names both the customer and the contact',
          { notificationId: command.notificationId },
        );
      return [
        {
          type: 'CallAcknowledged',
          data: {
            at,
            notificationId: command.notificationId,
            channel: command.channel,
            to: command.to,
            ...(contactId === undefined ? {} : { customerId, contactId }),
          },
        },
      ];
    }
    case 'ChangeContract':
      return contractChange(command, call);
    case 'EscalateServiceLevel':
      return escalations(call, command.serviceLevels, command.asOf);
  }
}
