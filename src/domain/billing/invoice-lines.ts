import type { Call } from '../call/state.js';
import type { Contract } from '../contract/state.js';
import type { EquipmentState } from '../equipment/state.js';
import type { Allowance } from './allowance.js';
import type { PriceListState } from './price-list.js';

/** Why a line is covered or charged, recorded so an auditor can replay it and a customer be shown. */
export interface CoverageBasis {
  readonly basis: 'warranty' | 'contract' | 'allowance-exhausted' | 'not-covered' | 'no-contract';
  readonly contractId?: string;
  readonly lineId?: string;
  readonly rule?: string;
  readonly share?: number;
  readonly warrantyUntil?: string;
  readonly allowance?: {
    readonly key: string;
    readonly hours?: number;
    readonly visits?: number;
    readonly usedMinutesBefore: number;
    readonly coveredMinutes: number;
    readonly visitCovered?: boolean;
  };
}

export interface InvoiceLine {
  /** The booking (B3) or transfer (T2) the line prices. */
  readonly source: string;
  readonly kind: 'time' | 'material' | 'cost' | 'subcontract';
  readonly description: string;
  readonly workDate: string;
  readonly quantity: number;
  readonly unit: 'h' | 'pc' | 'lump';
  readonly unitPrice: number;
  readonly amount: number;
  readonly warranty: number;
  readonly contract: number;
  readonly chargeable: number;
  readonly priceList?: { readonly id: string; readonly version: number };
  readonly coverage: CoverageBasis;
}

export interface InvoiceTotals {
  readonly total: number;
  readonly warranty: number;
  readonly contract: number;
  readonly chargeable: number;
}

export interface Consumption {
  readonly key: string;
  readonly contractId: string;
  readonly lineId: string;
  readonly period: string;
  readonly minutes: number;
  readonly visits: number;
}

export interface Proposal {
  readonly currency: string;
  readonly lines: readonly InvoiceLine[];
  readonly totals: InvoiceTotals;
  readonly consumption: readonly Consumption[];
}

export interface BillingContext {
  readonly call: Call;
  readonly priceLists: PriceListState;
  /** The contract the call is charged to (C4), as master data knows it now (lines keep their own dates). */
  readonly contract: Contract | null;
  readonly equipment: EquipmentState;
  /**
   * The units sent in for depot repair under serial numbers of their own (not the call's), as
   * master data knows them: their warranty and cover apply to the work on them.
   */
  readonly depotUnits?: ReadonlyMap<string, EquipmentState>;
  /** What each contract line's limits gave out so far, by allowance key. */
  readonly allowances: ReadonlyMap<string, Allowance>;
  /** The organisation's zone: a subcontract's day and a price list's first day are judged in it, as bookings' days are. */
  readonly timeZone: string;
}
