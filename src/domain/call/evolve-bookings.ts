import { entryOf, strip } from '../shared/objects.js';
import type { CallEventData } from './events.js';
import type { Booking, Call } from './state.js';

function withBooking(call: Call, bookingId: string, booking: Booking): Call {
  return { ...call, bookings: { ...call.bookings, [bookingId]: booking } };
}

export function timeBooked(call: Call, e: CallEventData<'TimeBooked'>): Call {
  const {
    bookingId,
    at,
    by,
    engineer,
    group,
    workDate,
    note,
    transferId,
    labourType,
    minutes,
    chargeable,
  } = e;
  return withBooking(
    call,
    bookingId,
    strip({
      kind: 'time',
      bookedAt: at,
      bookedBy: by,
      engineer,
      group,
      workDate,
      note,
      transferId,
      chargeable,
      labourType,
      minutes,
    }),
  );
}

export function materialBooked(call: Call, e: CallEventData<'MaterialBooked'>): Call {
  const {
    bookingId,
    at,
    by,
    engineer,
    group,
    workDate,
    note,
    transferId,
    chargeable,
    item,
    serialNumber,
    quantity,
  } = e;
  return withBooking(
    call,
    bookingId,
    strip({
      kind: 'material',
      bookedAt: at,
      bookedBy: by,
      engineer,
      group,
      workDate,
      note,
      transferId,
      chargeable,
      item,
      serialNumber,
      quantity,
    }),
  );
}

export function costBooked(call: Call, e: CallEventData<'CostBooked'>): Call {
  const {
    bookingId,
    at,
    by,
    engineer,
    group,
    workDate,
    note,
    transferId,
    chargeable,
    category,
    description,
    amount,
  } = e;
  return withBooking(
    call,
    bookingId,
    strip({
      kind: 'cost',
      bookedAt: at,
      bookedBy: by,
      engineer,
      group,
      workDate,
      note,
      transferId,
      chargeable,
      category,
      description,
      amount,
    }),
  );
}

/** A cancelled booking stays, marked: the history of what was booked is kept. */
export function bookingCancelled(call: Call, e: CallEventData<'BookingCancelled'>): Call {
  const { bookingId, at, by, reason } = e;
  const booking = entryOf(call.bookings, bookingId);
  if (!booking) return call;
  return withBooking(call, bookingId, { ...booking, cancelled: { at, by, reason } });
}
