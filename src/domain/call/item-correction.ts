import { sameValue, strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import { coverageFor, describeCoverage } from '../intake/coverage.js';
import type { CallEventData } from './events.js';
import type { CallCommandOf } from './commands.js';
import type { Call, CallItem } from './state.js';
import { refuseOnceInvoiced } from './invoiced.js';
import { uncoveredBookings } from './work-cover.js';

/** What a corrected item changes beyond the item: the call's coverage, and the booked work no longer covered. */
export type CorrectedCover = Pick<
  CallEventData<'CallDetailsCorrected'>,
  'coverage' | 'chargeableBookings'
>;

/**
 * B4 on a corrected item (A2): the coverage a call was taken on with was judged for the item
 * and serial number reported. Corrected, the call is judged again as it should have been, on
 * the day it was judged and under the contract it is charged to: the serial number may be
 * under warranty, under a line of its own, or another customer's. A verdict that leaves the
 * customer a larger share to pay, and booked work nothing covers any more, are confirmed
 * (`chargeable: true`) as logging such a call is; once invoiced, what billing priced stays.
 */
export function correctedCover(
  command: CallCommandOf<'CorrectCallDetails'>,
  call: Call,
  item: CallItem,
): CorrectedCover {
  const { cover } = command;
  if (!cover?.contract || !call.coverage || call.subject.kind !== 'customer') return {};
  const before = call.coverage;
  const coverage = coverageFor(
    call.subject.customerId,
    [cover.contract],
    cover.equipment,
    strip({
      day: before.day,
      service: before.service,
      siteId: call.subject.siteId,
      item: item.item,
      serialNumber: item.serialNumber,
    }),
  );
  const changed = !sameValue(coverage, before);
  const corrected = { ...call, item };
  const uncovered = uncoveredBookings({ ...cover, call: corrected, contract: cover.contract });
  if (!changed && uncovered.length === 0) return {};
  refuseOnceInvoiced(
    call,
    command.invoiced,
    `its invoice was priced for ${describeItem(call.item)}`,
    'correct the item and bill again',
  );
  if (command.chargeable !== true) {
    if (coverage.share < before.share)
      throw new DomainError(
        'ChargeableWorkNotConfirmed',
        `${describeCoverage(coverage)}: for ${describeItem(item)} the customer pays ${100 - coverage.share}% of the work where they paid ${100 - before.share}% for ${describeItem(call.item)}. Correct the item with chargeable: true`,
        { verdict: coverage.verdict, share: coverage.share },
      );
    if (uncovered.length > 0)
      throw new DomainError(
        'ChargeableWorkNotConfirmed',
        `Nothing covers ${uncovered.join(', ')} booked on call ${call.number} for ${describeItem(item)}: that work becomes the customer's to pay. Correct the item with chargeable: true`,
        { bookings: uncovered },
      );
  }
  return strip({
    coverage: changed ? coverage : undefined,
    chargeableBookings:
      uncovered.length > 0
        ? uncovered.map((bookingId) => ({ bookingId, chargeable: true as const }))
        : undefined,
  });
}

function describeItem({ item, serialNumber }: CallItem): string {
  if (serialNumber !== undefined) return `serial number ${serialNumber}`;
  return item === undefined ? 'no item' : `item ${item}`;
}
