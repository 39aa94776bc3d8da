import { emptyMap, getIn, type PersistentMap } from '../shared/persistent-map.js';
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
  /**
   * Contracts' own rules, by contract id: persistent maps, as contracts renewed every year
   * for a decade may each have one, and the organisation's stream is read by every command.
   */
  readonly contractBilling: PersistentMap<BillingPolicy>;
  /** D3, the company's rule (absent: acceptance is not required). */
  readonly acceptanceRequired?: boolean;
  readonly contractAcceptance: PersistentMap<boolean>;
  /** The zone whose calendar day things fall on (absent: UTC). */
  readonly timeZone?: string;
}

/** Whether a call charged to this contract closes only after acceptance: the contract's rule, else the company's. */
export function acceptanceRequiredFor(
  organisation: Organisation,
  contractId: string | undefined,
): boolean {
  const own =
    contractId === undefined ? undefined : getIn(organisation.contractAcceptance, contractId);
  return own ?? organisation.acceptanceRequired ?? false;
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
    (contractId ? getIn(organisation.contractBilling, contractId) : undefined) ??
    organisation.billing
  );
}

export const initialOrganisation = (): Organisation => ({
  groups: {},
  supportCentres: {},
  purposes: {},
  inboxes: { mode: 'shared', autoAccept: [] },
  contractBilling: emptyMap(),
  contractAcceptance: emptyMap(),
});
