import { keyedRecord } from '../domain/shared/objects.js';
import type { Call, Money, Transfer } from '../domain/index.js';

/**
 * C5: the work one engineer booked in one group on a call, by the engineer and group each
 * booking names (not whoever has the call now). Null: a booking that names none; a
 * subcontractor's invoice is nobody's booking, so its cost counts under no engineer or group.
 */
export interface BookedWork {
  engineer: string | null;
  group: string | null;
  minutes: number;
  minutesByLabour: Record<string, number>;
  costs: Record<string, number>;
}

/** What a call's bookings and completed subcontracts add up to, in all and per engineer and group. */
export interface CallWork {
  minutes: number;
  minutesByLabour: Record<string, number>;
  materials: number;
  costs: Record<string, number>;
  workBy: BookedWork[];
}

const add = (record: Record<string, number>, key: string, amount: number) =>
  (record[key] = (record[key] ?? 0) + amount);

/** A call has few bookers: a walk of the list is cheaper than a Map on every command. */
function shareOf(workBy: BookedWork[], engineer: string | null, group: string | null): BookedWork {
  for (const work of workBy) if (work.engineer === engineer && work.group === group) return work;
  const work: BookedWork = {
    engineer,
    group,
    minutes: 0,
    minutesByLabour: keyedRecord(),
    costs: keyedRecord(),
  };
  workBy.push(work);
  return work;
}

/** A cancelled booking is no work done: it counts nowhere, as billing prices it nowhere. */
export function callWork(call: Call, transfers: readonly Transfer[]): CallWork {
  const minutesByLabour: Record<string, number> = keyedRecord();
  const costs: Record<string, number> = keyedRecord();
  const workBy: BookedWork[] = [];
  let minutes = 0;
  let materials = 0;
  const addCost = (share: BookedWork, money: Money) => {
    add(costs, money.currency, money.amount);
    add(share.costs, money.currency, money.amount);
  };
  for (const booking of Object.values(call.bookings)) {
    if (booking.cancelled) continue;
    const share = shareOf(workBy, booking.engineer ?? null, booking.group ?? null);
    if (booking.kind === 'time') {
      minutes += booking.minutes;
      share.minutes += booking.minutes;
      add(minutesByLabour, booking.labourType, booking.minutes);
      add(share.minutesByLabour, booking.labourType, booking.minutes);
    } else if (booking.kind === 'material') materials += booking.quantity;
    else addCost(share, booking.amount);
  }
  for (const transfer of transfers)
    if (transfer.kind === 'subcontract' && transfer.actualCost)
      addCost(shareOf(workBy, null, null), transfer.actualCost);
  return { minutes, minutesByLabour, materials, costs, workBy };
}
