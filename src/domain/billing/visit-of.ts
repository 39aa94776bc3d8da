import type { Booking, TimeBooking } from '../call/booking-state.js';
import type { Call } from '../call/state.js';
import { localDateOf } from '../calendar/zone.js';
import { entryOf } from '../shared/objects.js';

/**
 * The on-site visit a time booking was spent on, as a line's included visits count it (D2):
 * the visit it names; else, for time on site or travel booked without naming one, the visit
 * of the call its engineer made that day (a recorded one, else their day on site: one trip).
 * Travel alone that day is no visit. Undefined: not work of a visit.
 */
export function visitOf(
  call: Call,
  booking: TimeBooking,
  timeZone: string,
  bookings: ReadonlyArray<readonly [string, Booking]>,
): string | undefined {
  const named = booking.transferId && entryOf(call.transfers, booking.transferId);
  if (named) return named.kind === 'on-site' ? booking.transferId : undefined;
  if (booking.labourType !== 'on-site' && booking.labourType !== 'travel') return undefined;
  const { engineer, workDate } = booking;
  const recorded = Object.entries(call.transfers).find(
    ([, t]) =>
      t.kind === 'on-site' &&
      t.status !== 'cancelled' &&
      t.engineer === engineer &&
      localDateOf(timeZone, t.actualStart ?? t.plannedStart) === workDate,
  );
  if (recorded) return recorded[0];
  const onSiteThatDay = bookings.some(
    ([, other]) =>
      other.kind === 'time' &&
      other.labourType === 'on-site' &&
      other.transferId === undefined &&
      other.engineer === engineer &&
      other.workDate === workDate,
  );
  // Not a transfer id (T1, …): an engineer's day on site with no visit recorded.
  return onSiteThatDay ? `${engineer ?? '(no engineer)'}@${workDate}` : undefined;
}
