import type { LogValue } from '../../projections/diff.js';
import { time } from './output.js';

export interface TimelineEntry {
  readonly at: string;
  readonly actor: {
    readonly label?: string;
    readonly name?: string;
    readonly id: string;
    readonly role: string;
  };
  readonly field: string;
  readonly old: LogValue;
  readonly new: LogValue;
  readonly instant?: true;
  readonly eventType: string;
  readonly reason?: string;
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const labels: Record<string, string> = {
  number: 'Call number',
  status: 'Status',
  emergency: 'Emergency',
  reportedAt: 'Reported',
  description: 'Description',
  customerReference: 'Your reference',
  channel: 'Channel',
  intake: 'Intake',
  reporter: 'Reported by',
  item: 'Equipment',
  serialNumber: 'Serial number',
  installation: 'Installation',
  followUps: 'Information added',
  text: 'Text',
  serviceLevel: 'Service level',
  priority: 'Priority',
  responseDueAt: 'Response due',
  resolutionDueAt: 'Resolution due',
  onHold: 'On hold',
  since: 'Since',
  diagnosis: 'Diagnosis',
  symptom: 'Symptom',
  solution: 'Solution',
  cause: 'Cause',
  codes: 'Code',
  problem: 'Problem',
  transfers: 'Transfer',
  kind: 'Kind',
  openedAt: 'Opened',
  closedAt: 'Closed',
  plannedStart: 'Planned start',
  plannedEnd: 'Planned end',
  actualStart: 'Started',
  actualEnd: 'Finished',
  rmaNumber: 'RMA number',
  receivedAt: 'Item received',
  repairedAt: 'Repaired',
  shippedAt: 'Shipped back',
  trackingNumber: 'Tracking number',
  resolution: 'Resolution',
  at: 'At',
  acceptance: 'Acceptance',
  note: 'Note',
  rejections: 'Solutions rejected',
  closure: 'Closure',
  cancelled: 'Cancelled',
  archivedAt: 'Archived',
  reopenedFrom: 'Reopened from',
  reopenedAs: 'Reopened as',
  name: 'Name',
  email: 'E-mail',
  phone: 'Phone',
  loggedAt: 'Logged',
  badFix: 'Bad fix',
  namedSiteId: 'Site as named',
  namedItem: 'Item as named',
  requestId: 'From request',
  mode: 'Mode',
  subject: 'Subject',
  customerId: 'Customer',
  siteId: 'Site',
  productId: 'Product',
  contactId: 'Contact',
  category: 'Category',
  possibleDuplicates: 'Possible duplicates',
  actualPriority: 'Actual priority',
  ruleSetId: 'Rules',
  version: 'Version',
  source: 'Rules from',
  calendar: 'Calendar',
  responseAllowedMs: 'Response time allowed (ms)',
  resolutionAllowedMs: 'Resolution time allowed (ms)',
  pausedSince: 'Clock stopped since',
  escalations: 'Escalated',
  coverage: 'Coverage',
  verdict: 'Verdict',
  rule: 'Rule',
  contractId: 'Contract',
  lineId: 'Contract line',
  share: 'Share covered (%)',
  chargeable: 'Chargeable',
  warrantyUntil: 'Warranty until',
  day: 'Day',
  service: 'Service',
  limits: 'Limits',
  purpose: 'Purpose',
  product: 'Product',
  evaluation: 'Triage',
  by: 'By',
  impact: 'Impact',
  urgency: 'Urgency',
  summary: 'Summary',
  dispatch: 'Dispatch',
  routing: 'Routing',
  occasion: 'Occasion',
  ruleVersion: 'Rules version',
  explicit: 'Chosen by hand',
  destination: 'Destination',
  facts: 'Facts the rules read',
  region: 'Region',
  itemGroup: 'Item group',
  owner: 'Dispatcher',
  returnTo: 'Back from second line to',
  group: 'Group',
  engineer: 'Engineer',
  supportCentre: 'Support centre',
  respondedAt: 'Responded',
  notes: 'Internal note',
  holds: 'Hold',
  from: 'From',
  to: 'To',
  reason: 'Reason',
  pausesClock: 'Stops the clock',
  bookings: 'Booking',
  minutes: 'Minutes',
  labourType: 'Labour',
  workDate: 'Work date',
  bookedAt: 'Booked',
  bookedBy: 'Booked by',
  quantity: 'Quantity',
  amount: 'Amount',
  currency: 'Currency',
  depot: 'Depot',
  report: 'Report',
  repairReport: 'Repair report',
  acknowledgements: 'Acknowledgement',
  id: 'Call id',
  outcome: 'Outcome',
  subcontractor: 'Subcontractor',
  orderReference: 'Order',
  agreedCost: 'Agreed cost',
  actualCost: 'Actual cost',
  transferId: 'Transfer',
  holdId: 'Hold',
  callId: 'Call',
  serviceLevelPolicyId: 'Service-level policy',
  factors: 'Factors',
  hours: 'Hours',
  visits: 'Visits',
  per: 'Per',
  attachments: 'Attachment',
  fileName: 'File name',
  mediaType: 'Media type',
  size: 'Size (bytes)',
  sha256: 'SHA-256',
  uri: 'Stored at',
  customerVisible: 'Shown to the customer',
  withdrawn: 'Withdrawn',
};

/** Words that mean something else on an attachment than on the call's service level. */
const attachmentLabels: Readonly<Record<string, string>> = {
  source: 'Came with',
  sourceId: 'Came with (id)',
};

/** An escalation's share is of the time allowed that had gone (1 = all of it), not coverage's. */
const escalationLabels: Readonly<Record<string, string>> = {
  share: 'Share of the time allowed gone',
};

/** `RmaItemShipped` → `RMA item shipped`: words of the event type, the acronym kept. */
const eventName = (type: string): string =>
  type
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\brma\b/g, 'RMA')
    .replace(/^./, (first) => first.toUpperCase());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `transfers.T1.rmaNumber` → `Transfer T1 · RMA number`; `acknowledgements.<uuid>.at` → `Acknowledgement · At`. */
export function fieldLabel(field: string): string {
  return field
    .split('.')
    .filter((part) => !UUID.test(part)) // an id means nothing to a reader: the time tells entries apart
    .map(
      (part) =>
        (field.startsWith('attachments.') ? attachmentLabels[part] : undefined) ??
        (field.startsWith('serviceLevel.escalations.') ? escalationLabels[part] : undefined) ??
        labels[part] ??
        part,
    )
    .join(' · ')
    .replace(
      /(Transfer|Information added|Internal note|Hold|Booking|Attachment) · ([A-Z]\d+)/,
      '$1 $2',
    );
}

function value(v: LogValue, zone: string, instant = false): string {
  if (v === null) return '<span class="none">—</span>';
  if (typeof v === 'string' && instant) return escape(time(v, zone));
  if (Array.isArray(v)) return escape(v.join(', '));
  return escape(String(v));
}

/**
 * A self-contained page (no scripts, fonts or images from anywhere) a service company can
 * send to its customer: who changed what and when, one block per change.
 */
export function logPage(
  title: string,
  subtitle: string,
  entries: readonly TimelineEntry[],
  /** The zone times are read in: the organisation's, or UTC. */
  zone = 'UTC',
): string {
  const groups: Array<{ at: string; who: string; eventType: string; rows: TimelineEntry[] }> = [];
  for (const entry of entries) {
    const who = entry.actor.label ?? entry.actor.name ?? `${entry.actor.role} ${entry.actor.id}`;
    const last = groups[groups.length - 1];
    if (last?.at === entry.at && last.who === who && last.eventType === entry.eventType)
      last.rows.push(entry);
    else groups.push({ at: entry.at, who, eventType: entry.eventType, rows: [entry] });
  }
  const blocks = groups
    .map(
      (g) => `<section class="change">
  <header><time datetime="${escape(g.at)}">${value(g.at, zone, true)}</time> <span class="who">${escape(g.who)}</span> <span class="what">${escape(eventName(g.eventType))}</span>${g.rows[0]!.reason ? ` <span class="why">${escape(`— ${g.rows[0]!.reason}`)}</span>` : ''}</header>
  <table>${g.rows.map((r) => `<tr><th>${escape(fieldLabel(r.field))}</th><td class="old">${value(r.old, zone, r.instant)}</td><td class="arrow">→</td><td class="new">${value(r.new, zone, r.instant)}</td></tr>`).join('')}</table>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; max-width: 880px; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin-bottom: .2rem; } .subtitle { color: #5b6475; margin-top: 0; }
  .change { border-left: 3px solid #3a6ea5; padding: .3rem 0 .3rem 1rem; margin: 1rem 0; }
  .change header { font-weight: 600; } .who { color: #3a6ea5; } .what { color: #5b6475; font-weight: 400; }
  table { border-collapse: collapse; margin-top: .3rem; } th { text-align: left; font-weight: 500; padding: .1rem 1rem .1rem 0; color: #3b4252; vertical-align: top; }
  td { padding: .1rem .4rem; vertical-align: top; } .old { color: #8a93a6; text-decoration: line-through; } .arrow { color: #8a93a6; } .none { color: #b0b7c3; text-decoration: none; }
  footer { color: #8a93a6; font-size: .8rem; margin-top: 2rem; }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p class="subtitle">${escape(subtitle)}</p>
${blocks || '<p>No changes.</p>'}
<footer>Generated from the call's transaction log, which is the record of every change as it happened.</footer>
</body>
</html>
`;
}
