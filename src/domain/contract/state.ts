/**
 * A contract (B3, B4, C4): valid from its first day through its last (`until`, inclusive),
 * renewed by moving `until` later, terminated by moving it earlier with a reason. Its
 * coverage lines say which services it covers on which equipment or site, and how much.
 * States hold calendar days (YYYY-MM-DD), never instants: plain JSON, as an ERP delivers it.
 */

export const services = [
  'remote-support',
  'on-site-repair',
  'preventive-maintenance',
  'depot-repair',
  'software-support',
] as const;
export type Service = (typeof services)[number];

/**
 * What a coverage line covers, exactly one of: one serial number; an item (product) at a
 * site; everything at a site; an item wherever it is.
 */
export type CoverageScope =
  | { readonly serialNumber: string }
  | { readonly item: string; readonly siteId: string }
  | { readonly siteId: string }
  | { readonly item: string };

/** The scopes from most to least specific: the order in which coverage is looked for. */
export const scopeKinds = ['serial-number', 'item-at-site', 'site', 'item'] as const;
export type ScopeKind = (typeof scopeKinds)[number];

export function scopeKind(scope: CoverageScope): ScopeKind {
  if ('serialNumber' in scope) return 'serial-number';
  if ('item' in scope && 'siteId' in scope) return 'item-at-site';
  return 'siteId' in scope ? 'site' : 'item';
}

export const limitPeriods = ['contract', 'year', 'month'] as const;
export type LimitPeriod = (typeof limitPeriods)[number];

/** How much of a covered service the contract includes, per contract, year or month. */
export interface CoverageLimits {
  readonly hours?: number;
  readonly visits?: number;
  readonly per: LimitPeriod;
}

/**
 * One covered service. `share` is the percentage the contract pays (100 covers it fully;
 * less covers it partly, e.g. parts only). `from`/`until` narrow the line within the
 * contract; absent, the line follows the contract's own validity, renewals included.
 */
export interface CoverageLine {
  readonly service: Service;
  readonly scope: CoverageScope;
  readonly share: number;
  readonly limits?: CoverageLimits;
  readonly from?: string;
  readonly until?: string;
}

export interface Renewal {
  readonly previousUntil: string;
  readonly until: string;
}

export interface Termination {
  readonly until: string;
  readonly reason: string;
}

export interface Contract {
  readonly id: string;
  readonly customerId: string;
  readonly from: string;
  /** The last day of validity as it stands now, after renewals and termination. */
  readonly until: string;
  readonly serviceLevelPolicyId?: string;
  readonly renewals: readonly Renewal[];
  readonly termination?: Termination;
  readonly lines: Readonly<Record<string, CoverageLine>>;
}

/** A contract that was never registered: the state before its first event. */
export type ContractState = Contract | null;
export const initialContractState = (): ContractState => null;

/** The contract's days include `day` (both ends inclusive). */
export function isContractValidOn(contract: Contract, day: string): boolean {
  return contract.from <= day && day <= contract.until;
}

/** The days a line is effective: its own, within the contract's. */
export function linePeriod(
  contract: Contract,
  line: CoverageLine,
): { readonly from: string; readonly until: string } {
  const from = line.from !== undefined && line.from > contract.from ? line.from : contract.from;
  const until =
    line.until !== undefined && line.until < contract.until ? line.until : contract.until;
  return { from, until };
}

export function isLineEffectiveOn(contract: Contract, line: CoverageLine, day: string): boolean {
  const { from, until } = linePeriod(contract, line);
  return from <= day && day <= until;
}
