import type { Money } from '../shared/schema.js';

export const labourTypes = ['remote', 'on-site', 'depot', 'travel'] as const;
export type LabourType = (typeof labourTypes)[number];

/** Time, material and costs booked on a call, priced by billing. */
export interface BookingBase {
  readonly bookedAt: Date;
  readonly bookedBy: string;
  readonly engineer?: string;
  readonly group?: string;
  readonly workDate: string;
  readonly note?: string;
  /** Confirmed as the customer's to pay (B4): when booked, or when the call moved to a contract that does not cover it. */
  readonly chargeable?: true;
  readonly cancelled?: { readonly at: Date; readonly by: string; readonly reason: string };
}

export interface TimeBooking extends BookingBase {
  readonly kind: 'time';
  readonly labourType: LabourType;
  readonly minutes: number;
  readonly transferId?: string;
}

export interface MaterialBooking extends BookingBase {
  readonly kind: 'material';
  readonly item: string;
  readonly serialNumber?: string;
  readonly quantity: number;
  readonly transferId?: string;
}

export interface CostBooking extends BookingBase {
  readonly kind: 'cost';
  readonly category: 'expense' | 'subcontract' | 'freight' | 'other';
  readonly description: string;
  readonly amount: Money;
  readonly transferId?: string;
}

export type Booking = TimeBooking | MaterialBooking | CostBooking;
