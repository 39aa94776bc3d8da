import { entryOf, strip } from '../shared/objects.js';
import type { CallEventData } from './events.js';
import type { Booking, Call } from './state.js';

function withBooking(call: Call, bookingId: string, booking: Booking): Call {
  return { ...call, bookings: { ...call.bookings, [bookingId]: booking } };
}

/** What every booking keeps of its event, in the order the log shows it. */
function booked(e: CallEventData<'TimeBooked' | 'MaterialBooked' | 'CostBooked'>) {
  return {
    bookedAt: e.at,
    bookedBy: e.by,
    engineer: e.engineer,
    group: e.group,
    workDate: e.workDate,
    note: e.note,
    transferId: e.transferId,
    chargeable: e.chargeable,
  };
}

export function timeBooked(call: Call, e: CallEventData<'TimeBooked'>): Call {
  const { labourType, minutes } = e;
  return withBooking(call, e.bookingId, strip({ kind: 'time', ...booked(e), labourType, minutes }));
}

export function materialBooked(call: Call, e: CallEventData<'MaterialBooked'>): Call {
  const { item, serialNumber, quantity } = e;
  return withBooking(
    call,
    e.bookingId,
    strip({ kind: 'material', ...booked(e), item, serialNumber, quantity }),
  );
}

export function costBooked(call: Call, e: CallEventData<'CostBooked'>): Call {
  const { category, description, amount } = e;
  return withBooking(
    call,
    e.bookingId,
    strip({ kind: 'cost', ...booked(e), category, description, amount }),
  );
}

/** A cancelled booking stays, marked: the history of what was booked is kept. */
export function bookingCancelled(call: Call, e: CallEventData<'BookingCancelled'>): Call {
  const { bookingId, at, by, reason } = e;
  const booking = entryOf(call.bookings, bookingId);
  if (!booking) return call;
  return withBooking(call, bookingId, { ...booking, cancelled: { at, by, reason } });
}

/**
 * C4: the call charged to another contract, with its coverage judged again under it where the
 * change recorded that (v2); the booked work it does not cover, confirmed as chargeable (B4).
 */
export function contractChanged(call: Call, e: CallEventData<'ContractChanged'>): Call {
  const next: Call = {
    ...call,
    contractId: e.contractId,
    ...(e.coverage ? { coverage: e.coverage } : {}),
  };
  return confirmedChargeable(next, e.chargeableBookings);
}

/** B4: booked work a change left uncovered, confirmed as the customer's to pay. */
export function confirmedChargeable(
  call: Call,
  bookings: ReadonlyArray<{ readonly bookingId: string }> | undefined,
): Call {
  let next = call;
  for (const { bookingId } of bookings ?? []) {
    const booking = entryOf(next.bookings, bookingId);
    if (booking) next = withBooking(next, bookingId, { ...booking, chargeable: true });
  }
  return next;
}
