import { entryOf } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { CustomerCommandOf } from './commands.js';
import type { CustomerEvent } from './events.js';
import type { Customer } from './state.js';

/**
 * A site's service region from a day on (issue 21: routing rules and engineers' areas name
 * regions). Versions follow each other as engineers' profiles do: a change dated before the
 * site's last one is refused, one on the same day replaces it.
 */
export function decideSiteRegion(
  command: CustomerCommandOf<'SetSiteRegion'>,
  customer: Customer,
): CustomerEvent[] {
  const { at, siteId, region, from } = command;
  const site = entryOf(customer.sites, siteId);
  if (!site)
    throw new DomainError('SiteNotFound', `Customer ${customer.id} has no site ${siteId}`, {
      customerId: customer.id,
      siteId,
    });
  const last = site.regions?.[site.regions.length - 1];
  if (last?.from !== undefined && from < last.from)
    throw new DomainError(
      'RegionBeforeLast',
      `Site ${siteId}'s region from ${from} would start before the one from ${last.from}: history is appended, not rewritten`,
      { siteId, from, lastFrom: last.from },
    );
  return [{ type: 'SiteRegionSet', data: { at, siteId, region, from } }];
}
