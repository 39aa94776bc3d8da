import type { Booking, Call, Transfer } from '../../domain/index.js';
import type { CallSummary } from '../../projections/calls.js';
import { money, table, time } from './output.js';

/** A labelled line; a value of several lines (a description) stays indented under its label. */
const field = (label: string, value: string | number | undefined | null): string | undefined =>
  value === undefined || value === null || value === ''
    ? undefined
    : `${label.padEnd(14)} ${String(value)
        .trim()
        .replace(/\s*\n\s*/g, `\n${' '.repeat(15)}`)}`;

function transferLine(id: string, transfer: Transfer, at: (date?: Date) => string): string {
  const what = {
    'second-line': () =>
      transfer.kind === 'second-line'
        ? `second line ${transfer.supportCentre}: ${transfer.reason}${transfer.outcome ? ` → ${transfer.outcome}` : ''}`
        : '',
    'on-site': () =>
      transfer.kind === 'on-site'
        ? `on-site visit by ${transfer.engineer}, ${at(transfer.plannedStart)} – ${at(transfer.plannedEnd)}${transfer.report ? ` → ${transfer.report}` : ''}`
        : '',
    'depot-repair': () =>
      transfer.kind === 'depot-repair'
        ? `RMA ${transfer.rmaNumber} to ${transfer.depot}${transfer.repairReport ? ` → ${transfer.repairReport}` : ''}${transfer.trackingNumber ? `, shipped ${transfer.trackingNumber}` : ''}`
        : '',
    subcontract: () =>
      transfer.kind === 'subcontract'
        ? `subcontract ${transfer.subcontractor} (${transfer.orderReference})${transfer.report ? ` → ${transfer.report}` : ''}`
        : '',
  }[transfer.kind]();
  return `  ${id} ${transfer.status.padEnd(10)} ${what}`;
}

function bookingRow(id: string, booking: Booking) {
  const what =
    booking.kind === 'time'
      ? `${booking.labourType} time`
      : booking.kind === 'material'
        ? `${booking.quantity} × ${booking.item}`
        : `${booking.category}: ${booking.description}`;
  const amount =
    booking.kind === 'time'
      ? `${booking.minutes} min`
      : booking.kind === 'cost'
        ? money(booking.amount.amount, booking.amount.currency).text
        : '';
  return [
    id,
    booking.workDate,
    what,
    booking.engineer ?? '',
    booking.bookedBy,
    booking.cancelled ? `cancelled: ${booking.cancelled.reason}` : '',
    { text: amount, right: true as const },
  ];
}

/**
 * One call as a person reads it on a terminal: who, what, where it stands, its service
 * level, transfers and bookings; `--json` gives the whole state.
 */
export function callCard(
  call: Call,
  summary: CallSummary | undefined,
  asOf: Date | undefined,
  /** The zone times are read in: the organisation's, or UTC. */
  zone = 'UTC',
): string {
  const at = (date: Date | undefined): string => time(date?.toISOString(), zone);
  const subject =
    call.subject.kind === 'customer'
      ? `${call.subject.customerId}${call.subject.siteId ? ` (${call.subject.siteId})` : ''}`
      : `product ${call.subject.productId}`;
  const level = call.serviceLevel;
  const lines = [
    `${call.number} — ${call.status}${call.onHold ? ` (on hold: ${call.onHold.reason})` : ''}${call.emergency ? ' — EMERGENCY' : ''}${asOf ? `, as of ${at(asOf)}` : ''}${zone === 'UTC' ? '' : ` (times in ${zone})`}`,
    '',
    field('Description', call.description),
    field('Customer', subject),
    field('Equipment', [call.item.item, call.item.serialNumber].filter(Boolean).join(' ')),
    field(
      'Reported',
      `${at(call.reportedAt)} by ${call.intake.channel}${call.reporter.name ? `, ${call.reporter.name}` : ''}`,
    ),
    field('Coverage', call.coverage ? coverageText(call.coverage) : undefined),
    field('Contract', call.contractId),
    field('Purpose', call.purpose),
    field(
      'Dispatch',
      [call.dispatch.supportCentre, call.dispatch.group, call.dispatch.engineer]
        .filter(Boolean)
        .join(' / '),
    ),
    field(
      'Priority',
      // The class the board shows and filters by; factors give the actual one, for ranking.
      level
        ? `P${level.priority} (${level.actualPriority === level.priority ? '' : `actual priority ${level.actualPriority}; `}${level.ruleSetId} v${level.version}, ${level.source})`
        : undefined,
    ),
    field(
      'Respond by',
      summary?.responseDueAt
        ? `${time(summary.responseDueAt, zone)}${call.respondedAt ? ` — responded ${at(call.respondedAt)}` : ''}`
        : undefined,
    ),
    field('Resolve by', summary?.resolutionDueAt ? time(summary.resolutionDueAt, zone) : undefined),
    // While a wait stops the clock a running target has no due instant: say why it is blank.
    field(
      'Clock stopped',
      summary?.pausedSince ? `since ${time(summary.pausedSince, zone)}` : undefined,
    ),
    field('Diagnosis', [call.diagnosis.symptom, call.diagnosis.cause].filter(Boolean).join(' — ')),
    field(
      'Resolution',
      call.resolution
        ? `${call.resolution.solution} (${at(call.resolution.at)}, ${call.resolution.by})`
        : undefined,
    ),
    field(
      'Closed',
      call.closure
        ? `${at(call.closure.at)}${call.closure.cancelled ? ` — cancelled: ${call.closure.reason ?? ''}` : ''}`
        : undefined,
    ),
    field('Reopened from', call.reopenedFrom?.number),
    field(
      'Reopened as',
      Object.values(call.reopenedAs)
        .map((ref) => ref.number)
        .join(', '),
    ),
  ].filter((line): line is string => line !== undefined);
  const transfers = Object.entries(call.transfers);
  if (transfers.length > 0)
    lines.push(
      '',
      'Transfers',
      ...transfers.map(([id, transfer]) => transferLine(id, transfer, at)),
    );
  const bookings = Object.entries(call.bookings);
  if (bookings.length > 0)
    lines.push(
      '',
      'Bookings',
      table(
        // The engineer the work is charged to; who recorded it (a dispatcher, say) beside.
        ['', 'Work date', 'What', 'Engineer', 'Booked by', 'Note', 'Time / amount'],
        bookings.map(([id, booking]) => bookingRow(id, booking)),
      ),
    );
  const attachments = Object.entries(call.attachments ?? {});
  if (attachments.length > 0)
    lines.push(
      '',
      'Attachments',
      table(
        ['', 'File', 'Type', 'Bytes', 'With', 'Shown', 'URI'],
        attachments.map(([id, file]) => [
          id,
          file.fileName,
          file.mediaType,
          { text: String(file.size), right: true as const },
          `${file.source}${file.sourceId ? ` ${file.sourceId}` : ''}`,
          file.withdrawn
            ? `withdrawn: ${file.withdrawn.reason}`
            : file.customerVisible
              ? 'customer'
              : 'internal',
          file.uri,
        ]),
      ),
    );
  const followUps = Object.values(call.followUps).length;
  if (followUps > 0)
    lines.push(
      '',
      `${followUps} follow-up(s): callstream log ${call.number} shows them with every other change.`,
    );
  return lines.join('\n');
}

/**
 * What covers the call, as its verdict recorded it (B4): the warranty, or the contract line
 * and the share it pays. The contract the call is charged to (C4) has a line of its own: the
 * warranty is not the contract's, and a call may move to another contract since.
 */
function coverageText(coverage: NonNullable<Call['coverage']>): string {
  const verdict =
    coverage.verdict === 'partly-covered'
      ? `partly-covered (${coverage.share} %)`
      : coverage.verdict;
  if (coverage.rule === 'warranty')
    return `${verdict} — warranty${coverage.warrantyUntil ? ` until ${coverage.warrantyUntil}` : ''}`;
  return `${verdict} — contract ${coverage.contractId}${coverage.lineId ? ` line ${coverage.lineId}` : ''}`;
}
