import type { VisitOverride } from '../agenda/schemas.js';
import type { Money } from '../shared/schema.js';
import type { Dispatch } from './dispatch.js';

/** Work handed off the desk: to second line, on site, to a depot, to a subcontractor. */
export interface SecondLineTransfer {
  readonly kind: 'second-line';
  readonly status: 'open' | 'returned' | 'cancelled';
  readonly openedAt: Date;
  readonly supportCentre: string;
  readonly reason: string;
  readonly outcome?: string;
  readonly closedAt?: Date;
  /** The dispatch (group, engineer) before the call went to second line: it comes back to it. */
  readonly returnTo?: Dispatch;
}

export interface OnSiteTransfer {
  readonly kind: 'on-site';
  readonly status: 'scheduled' | 'started' | 'completed' | 'cancelled';
  readonly openedAt: Date;
  readonly engineer: string;
  readonly siteId?: string;
  readonly plannedStart: Date;
  readonly plannedEnd: Date;
  /** Booked although something was in the engineer's way (issue 21): why, and what. */
  readonly override?: VisitOverride;
  readonly actualStart?: Date;
  readonly actualEnd?: Date;
  readonly report?: string;
  readonly closedAt?: Date;
}

export interface DepotRepairTransfer {
  readonly kind: 'depot-repair';
  readonly status: 'authorised' | 'received' | 'repaired' | 'shipped' | 'cancelled';
  readonly openedAt: Date;
  readonly rmaNumber: string;
  readonly depot: string;
  readonly item?: string;
  readonly serialNumber?: string;
  readonly receivedAt?: Date;
  readonly repairedAt?: Date;
  readonly repairReport?: string;
  readonly shippedAt?: Date;
  readonly trackingNumber?: string;
  readonly closedAt?: Date;
}

export interface SubcontractTransfer {
  readonly kind: 'subcontract';
  readonly status: 'ordered' | 'completed' | 'cancelled';
  readonly openedAt: Date;
  readonly subcontractor: string;
  readonly orderReference: string;
  readonly agreedCost: Money;
  readonly actualCost?: Money;
  readonly report?: string;
  readonly closedAt?: Date;
}

export type Transfer =
  SecondLineTransfer | OnSiteTransfer | DepotRepairTransfer | SubcontractTransfer;
export type TransferKind = Transfer['kind'];

export const openTransferStatuses: ReadonlySet<Transfer['status']> = new Set([
  'open',
  'scheduled',
  'started',
  'authorised',
  'received',
  'repaired',
  'ordered',
]);

export const isTransferOpen = (transfer: Transfer): boolean =>
  openTransferStatuses.has(transfer.status);
