import { DomainError } from './errors.js';

/**
 * Whether what a setting names exists, as the pipeline found it: a price list a billing
 * policy prices by, a rule set calls are to count by (in the store), the contract a policy is
 * the contract's own for (in master data). Absent: not looked up.
 */
export interface KnownSettings {
  readonly priceList?: boolean;
  readonly ruleSet?: boolean;
  /** When the rule set's first version takes effect: looked up for the company's default. */
  readonly ruleSetFrom?: Date;
  readonly contract?: boolean;
  /** The routing rules in effect or to come that send calls to a group about to be retired. */
  readonly routedBy?: ReadonlyArray<{ readonly version: number; readonly ruleId: string }>;
}

/** A setting that names a price list or rule set no one published would take effect as nothing (every billing refused, the built-in rules instead). */
export function ensureSettingsKnown(command: {
  readonly at?: Date;
  readonly known?: KnownSettings;
  readonly priceListId?: string;
  readonly ruleSetId?: string;
  readonly contractId?: string;
}): void {
  if (command.known?.contract === false)
    throw new DomainError(
      'ContractNotFound',
      `No contract ${command.contractId} is known to master data: a policy of its own would apply to no call`,
      { contractId: command.contractId },
    );
  if (command.known?.priceList === false)
    throw new DomainError(
      'PriceListNotFound',
      `No price list ${command.priceListId} is published (PublishPriceList first)`,
      { priceListId: command.priceListId },
    );
  if (command.known?.ruleSet === false)
    throw new DomainError(
      'ServiceLevelsNotFound',
      `No service levels ${command.ruleSetId} are published (PublishServiceLevels first)`,
      { ruleSetId: command.ruleSetId },
    );
  // The company's default with no version in effect yet would send every call logged until
  // then to the built-in round-the-clock rules, not to the default before it.
  const from = command.known?.ruleSetFrom;
  if (from !== undefined && command.at !== undefined && from > command.at)
    throw new DomainError(
      'ServiceLevelsNotInEffect',
      `Service levels ${command.ruleSetId} take effect on ${from.toISOString()}: made the default now, calls logged until then would count by the built-in round-the-clock rules. Make them the default once they are in effect, or publish a version in effect now`,
      { ruleSetId: command.ruleSetId, effectiveFrom: from.toISOString() },
    );
}
