import { entryOf } from '../shared/objects.js';
import type { Channel } from '../shared/channels.js';
import type { InboxMode } from '../intake/request.js';
import type { centreLines, destinationKinds, groupKinds, InvoiceTrigger } from './schemas.js';

export interface Group {
  readonly name: string;
  readonly kind: (typeof groupKinds)[number];
  readonly level?: number;
  readonly members: readonly string[];
  readonly active: boolean;
}

export interface Organisation {
  readonly groups: Readonly<Record<string, Group>>;
  readonly supportCentres: Readonly<
    Record<string, { readonly name: string; readonly line: (typeof centreLines)[number] }>
  >;
  readonly defaultDestination?: {
    readonly kind: (typeof destinationKinds)[number];
    readonly id: string;
  };
  readonly purposes: Readonly<Record<string, string>>;
  readonly defaultServiceLevels?: string;
  readonly inboxes: { readonly mode: InboxMode; readonly autoAccept: readonly Channel[] };
  readonly billing?: BillingPolicy;
  readonly contractBilling: Readonly<Record<string, BillingPolicy>>;
  /** D3, the company's rule (absent: acceptance is not required). */
  readonly acceptanceRequired?: boolean;
  readonly contractAcceptance?: Readonly<Record<string, boolean>>;
  /** The zone whose calendar day things fall on (absent: UTC). */
  readonly timeZone?: string;
}

/** Whether a call charged to this contract closes only after acceptance: the contract's rule, else the company's. */
export function acceptanceRequiredFor(
  organisation: Organisation,
  contractId: string | undefined,
): boolean {
  const own = organisation.contractAcceptance;
  const required = contractId !== undefined && own ? entryOf(own, contractId) : undefined;
  return required ?? organisation.acceptanceRequired ?? false;
}

/** The organisation's zone for calendar days. */
export const organisationTimeZone = (organisation: Organisation): string =>
  organisation.timeZone ?? 'UTC';

export interface BillingPolicy {
  readonly invoiceOn: InvoiceTrigger;
  readonly priceListId: string;
}

/** The billing rule for a contract: its own, else the company's. */
export function billingPolicyOf(
  organisation: Organisation,
  contractId: string | undefined,
): BillingPolicy | undefined {
  return (
    (contractId ? entryOf(organisation.contractBilling, contractId) : undefined) ??
    organisation.billing
  );
}

export const initialOrganisation = (): Organisation => ({
  groups: {},
  supportCentres: {},
  purposes: {},
  inboxes: { mode: 'shared', autoAccept: [] },
  contractBilling: {},
});
