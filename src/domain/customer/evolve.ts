import { entryOf, strip } from '../shared/objects.js';
import type { CustomerEvent } from './events.js';
import { identifierKey, type CustomerState } from './state.js';

/**
 * evolveCustomer(state, event) → state. Pure and total: it trusts the event (the decider
 * checked the rules when it was recorded) and never throws for a known event.
 */
export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  if (event.type === 'CustomerRegistered') {
    const { customerId, name, language } = event.data;
    return strip({
      id: customerId,
      name,
      identifiers: {},
      contacts: {},
      sites: {},
      blocks: {},
      language,
    });
  }
  if (state === null) return state; // nothing but CustomerRegistered can start a customer
  const customer = state;
  switch (event.type) {
    case 'IdentifierAdded': {
      const { identifier } = event.data;
      return {
        ...customer,
        identifiers: {
          ...customer.identifiers,
          [identifierKey(identifier)]: { kind: identifier.kind, value: identifier.value },
        },
      };
    }
    case 'IdentifierRemoved': {
      const { [identifierKey(event.data.identifier)]: _removed, ...identifiers } =
        customer.identifiers;
      return { ...customer, identifiers };
    }
    case 'ContactAdded':
    case 'ContactChanged': {
      const { contactId, name, email, phone } = event.data;
      return {
        ...customer,
        contacts: { ...customer.contacts, [contactId]: strip({ name, email, phone }) },
      };
    }
    case 'ContactRemoved': {
      const { [event.data.contactId]: _removed, ...contacts } = customer.contacts;
      return { ...customer, contacts };
    }
    case 'SiteAdded': {
      const { siteId, name, city, country, region } = event.data;
      const site = { name, city, country, ...(region ? { regions: [{ region }] } : {}) };
      return { ...customer, sites: { ...customer.sites, [siteId]: site } };
    }
    case 'SiteRegionSet': {
      const { siteId, region, from } = event.data;
      const site = entryOf(customer.sites, siteId);
      if (!site) return customer;
      // A change on the same day replaces that day's; earlier ones stay: history is appended.
      const earlier = (site.regions ?? []).filter((r) => r.from === undefined || r.from < from);
      const regions = [...earlier, { from, region }];
      return { ...customer, sites: { ...customer.sites, [siteId]: { ...site, regions } } };
    }
    case 'BlockPlaced': {
      const { blockId, reason, note, from, until } = event.data;
      return {
        ...customer,
        blocks: {
          ...customer.blocks,
          [blockId]: strip({ reason, note, from, until, released: false }),
        },
      };
    }
    case 'BlockReleased': {
      const { blockId, until, note } = event.data;
      const block = entryOf(customer.blocks, blockId);
      if (!block) return customer;
      return {
        ...customer,
        blocks: {
          ...customer.blocks,
          [blockId]: strip({ ...block, until, released: true, releaseNote: note }),
        },
      };
    }
    case 'CustomerPriorityFactorSet':
      return { ...customer, priorityFactor: event.data.factor };
    case 'CustomerLanguageSet':
      return { ...customer, language: event.data.language };
    case 'CustomerServiceLevelsSet':
      return { ...customer, serviceLevels: event.data.ruleSetId };
  }
}
