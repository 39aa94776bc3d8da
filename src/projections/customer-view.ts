import type { Actor } from '../domain/index.js';
import type { LogEntry } from './transaction-log.js';

/**
 * What a customer may see of the log (F2), chosen deliberately: an allow-list of fields
 * and of event types. Anything not listed (internal notes, costs and bookings, the
 * engineer's diagnosis of the cause, routing, triage, transfer reasons and reports,
 * subcontracting altogether) never leaves the building, including fields added later.
 */
const visibleFields: readonly string[] = [
  'number',
  'status',
  'emergency',
  'intake.channel',
  'reportedAt',
  'reporter.*',
  'item.*',
  'customerReference',
  'description',
  'followUps.*.at',
  'followUps.*.text',
  'serviceLevel.priority',
  'serviceLevel.responseDueAt',
  'serviceLevel.resolutionDueAt',
  'onHold.since',
  'diagnosis.symptom',
  'diagnosis.solution',
  'transfers.*.kind',
  'transfers.*.status',
  'transfers.*.openedAt',
  'transfers.*.closedAt',
  'transfers.*.plannedStart',
  'transfers.*.plannedEnd',
  'transfers.*.actualStart',
  'transfers.*.actualEnd',
  'transfers.*.rmaNumber',
  'transfers.*.serialNumber',
  'transfers.*.receivedAt',
  'transfers.*.repairedAt',
  'transfers.*.shippedAt',
  'transfers.*.trackingNumber',
  'resolution.at',
  'resolution.solution',
  'acceptance.at',
  'acceptance.note',
  'rejections',
  'closure.at',
  'closure.cancelled',
  'archivedAt',
  'reopenedFrom.number',
  'reopenedAs.*.number',
  // The contract the customer's call is charged to (C4) and the verdict judged under it: what
  // they pay depends on it, so a change shows (F2); the line, share and limits stay internal.
  'contractId',
  'coverage.verdict',
  'coverage.service',
  'coverage.contractId',
  'coverage.warrantyUntil',
  'acknowledgements.*.at',
  'acknowledgements.*.channel',
  // Of the attachments the customer may see (see hiddenAttachments): never who added them or why.
  'attachments.*.at',
  'attachments.*.fileName',
  'attachments.*.mediaType',
  'attachments.*.size',
  'attachments.*.sha256',
  'attachments.*.uri',
];

export const customerVisibleEvents: ReadonlySet<string> = new Set([
  'CallLogged',
  'FollowUpAdded',
  'CallDetailsCorrected',
  'PrioritySet',
  'CallAssigned',
  'WorkStarted',
  'DiagnosisRecorded',
  'CallPutOnHold',
  'CallReleasedFromHold',
  'TransferredToSecondLine',
  'SecondLineReturned',
  'OnSiteVisitScheduled',
  'OnSiteVisitRescheduled',
  'OnSiteVisitStarted',
  'OnSiteVisitCompleted',
  'RmaAuthorised',
  'RmaItemReceived',
  'RmaItemRepaired',
  'RmaItemShipped',
  'TransferCancelled',
  'CallResolved',
  'SolutionAccepted',
  'SolutionRejected',
  'CallClosed',
  'CallCancelled',
  'CallArchived',
  'CallReopened',
  'CallAcknowledged',
  'CoverageDetermined',
  'ContractChanged',
  'AttachmentAdded',
]);

/** The reasons that concern the customer: why their solution was rejected, why the visit moved, why the call was cancelled or reopened. */
const customerReasons: ReadonlySet<string> = new Set([
  'SolutionRejected',
  'OnSiteVisitRescheduled',
  'CallCancelled',
  'CallReopened',
]);

const patterns = visibleFields.map(
  (field) =>
    new RegExp(
      `^${field
        .split('.')
        .map((part) => (part === '*' ? '[^.]+' : part.replace(/[^A-Za-z0-9]/g, '\\$&')))
        .join('\\.')}$`,
    ),
);

export const isCustomerVisibleField = (field: string): boolean =>
  patterns.some((pattern) => pattern.test(field));

const roleLabels: Record<Actor['role'], string> = {
  customer: 'You',
  'call-taker': 'Service desk',
  agent: 'Service desk',
  engineer: 'Service engineer',
  supervisor: 'Service desk',
  billing: 'Administration',
  system: 'Automatic',
  'privacy-officer': 'Data protection',
};

/** The customer sees who acted by role, never staff names or ids; their own people by name. */
export function customerActor(actor: Actor): Actor & { label: string } {
  if (actor.role === 'customer')
    return {
      id: actor.id,
      role: 'customer',
      ...(actor.name ? { name: actor.name } : {}),
      label: actor.name ?? roleLabels.customer,
    };
  return { id: actor.role, role: actor.role, label: roleLabels[actor.role] };
}

export interface CustomerLogEntry extends Omit<LogEntry, 'actor' | 'eventId'> {
  readonly actor: Actor & { label: string };
}

/**
 * The customer's view of a transaction log. A subcontract stays invisible in every event
 * that touches it, a cancellation included: not even the call's status moving with it.
 */
/**
 * The prefixes (`attachments.A2.`) of the attachments the customer may not see: those not
 * visible to them as the log ends, and those withdrawn. Judged on the end state, so a file
 * made internal later is hidden from the start, and one made visible later shows from when
 * it was attached.
 */
function hiddenAttachments(entries: readonly LogEntry[]): Set<string> {
  const visible = new Map<string, boolean>();
  const withdrawn = new Set<string>();
  for (const { field, new: value } of entries) {
    const match = /^(attachments\.[^.]+\.)(customerVisible|withdrawn\.at)$/.exec(field);
    if (!match) continue;
    if (match[2] === 'customerVisible') visible.set(match[1]!, value === true);
    else if (value !== null) withdrawn.add(match[1]!);
  }
  const hidden = new Set(withdrawn);
  for (const [prefix, shown] of visible) if (!shown) hidden.add(prefix);
  return hidden;
}

/** A URI shows only where the customer can follow it (https:); a file: or s3: URI names internal storage. */
function isHiddenAttachment(entry: LogEntry, hidden: ReadonlySet<string>): boolean {
  const prefix = /^attachments\.[^.]+\./.exec(entry.field)?.[0];
  if (prefix === undefined) return false;
  if (hidden.has(prefix)) return true;
  return (
    entry.field.endsWith('.uri') && !(typeof entry.new === 'string' && /^https:/i.test(entry.new))
  );
}

export function customerView(entries: readonly LogEntry[]): CustomerLogEntry[] {
  const hiddenFiles = hiddenAttachments(entries);
  const subcontracts = new Set<string>();
  for (const entry of entries) {
    const transfer = /^transfers\.([^.]+)\.kind$/.exec(entry.field)?.[1];
    if (transfer && entry.new === 'subcontract') subcontracts.add(`transfers.${transfer}.`);
  }
  const hidden = new Set<string>();
  if (subcontracts.size > 0) {
    for (const entry of entries)
      if ([...subcontracts].some((prefix) => entry.field.startsWith(prefix)))
        hidden.add(entry.eventId);
  }
  return entries
    .filter(
      (entry) =>
        customerVisibleEvents.has(entry.eventType) &&
        isCustomerVisibleField(entry.field) &&
        !hidden.has(entry.eventId) &&
        !isHiddenAttachment(entry, hiddenFiles),
    )
    .map(({ eventId: _internalId, actor, reason, ...entry }) => ({
      ...entry,
      ...(reason !== undefined && customerReasons.has(entry.eventType) ? { reason } : {}),
      actor: customerActor(actor),
    }));
}
