import { DomainError } from './errors.js';

/**
 * Whether what a setting names exists, as the pipeline found it in the store: a price list
 * a billing policy prices by, a rule set calls are to count by. Absent: not looked up.
 */
export interface KnownSettings {
  readonly priceList?: boolean;
  readonly ruleSet?: boolean;
}

/** A setting that names a price list or rule set no one published would take effect as nothing (every billing refused, the built-in rules instead). */
export function ensureSettingsKnown(command: {
  readonly known?: KnownSettings;
  readonly priceListId?: string;
  readonly ruleSetId?: string;
}): void {
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
}
