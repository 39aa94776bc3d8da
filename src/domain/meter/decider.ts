import { inTimeOrder } from '../shared/time-order.js';
import type { Decider } from '../shared/decider.js';
import { initialMeters, type MeterCommand, type MeterEvent, type Meters } from './meter.js';
import { decideMeters } from './decide.js';
import { evolveMeters } from './evolve.js';

/** The meters of one piece of equipment as one value: empty (not null) at first, so an alarm needs no meter first. */
export const meterDecider: Decider<Meters, MeterCommand, MeterEvent> = {
  initialState: initialMeters,
  decide: inTimeOrder(decideMeters, 'the meters'),
  evolve: evolveMeters,
};
