import { inTimeOrder } from '../shared/time-order.js';
import { ensureSettingsKnown, type KnownSettings } from '../shared/known-settings.js';
import { entryOf, strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { CustomerCommand } from './commands.js';
import type { CustomerEvent } from './events.js';
import { identifierKey, initialCustomerState, type Customer, type CustomerState } from './state.js';
import type { Decider } from '../shared/decider.js';
import { evolveCustomer } from './evolve.js';
import { decideSiteRegion } from './site-region.js';
import { decideContact } from './contacts.js';

/**
 * decideCustomer(command, state) → events. Pure: time and actor arrive in the command.
 * A refusal is a thrown DomainError and means nothing is recorded. Whether a site or
 * contact is referred to elsewhere is not this aggregate's to know: cross-references are
 * checked by whoever loads the other aggregates.
 */
export function decideCustomer(
  command: CustomerCommand & { readonly known?: KnownSettings },
  state: CustomerState,
): CustomerEvent[] {
  const { at } = command;
  ensureSettingsKnown(command);
  if (command.type === 'RegisterCustomer') {
    if (state !== null) {
      throw new DomainError(
        'CustomerAlreadyRegistered',
        `Customer ${state.id} is already registered`,
        { customerId: state.id },
      );
    }
    return [
      {
        type: 'CustomerRegistered',
        data: strip({
          customerId: command.customerId,
          at,
          name: command.name,
          language: command.language,
        }),
      },
    ];
  }
  if (state === null)
    throw new DomainError(
      'CustomerNotFound',
      `No customer to ${command.type} on: it was never registered`,
    );
  const customer = state;
  switch (command.type) {
    case 'SetCustomerPriorityFactor':
      if (customer.priorityFactor === command.factor)
        throw new DomainError(
          'NothingToChange',
          `Customer ${customer.id} already has priority factor ${command.factor}`,
        );
      return [{ type: 'CustomerPriorityFactorSet', data: { at, factor: command.factor } }];
    case 'SetCustomerServiceLevels':
      if (customer.serviceLevels === command.ruleSetId)
        throw new DomainError(
          'NothingToChange',
          `Customer ${customer.id} already counts by ${command.ruleSetId}`,
        );
      return [{ type: 'CustomerServiceLevelsSet', data: { at, ruleSetId: command.ruleSetId } }];
    case 'SetCustomerLanguage':
      if (customer.language === command.language)
        throw new DomainError(
          'NothingToChange',
          `Customer ${customer.id} already has language ${command.language}`,
        );
      return [{ type: 'CustomerLanguageSet', data: { at, language: command.language } }];
    case 'AddIdentifier': {
      const key = identifierKey(command.identifier);
      if (entryOf(customer.identifiers, key)) {
        throw new DomainError(
          'IdentifierAlreadyKnown',
          `Customer ${customer.id} already has this ${command.identifier.kind} identifier`,
          {
            customerId: customer.id,
            kind: command.identifier.kind,
          },
        );
      }
      return [{ type: 'IdentifierAdded', data: { at, identifier: command.identifier } }];
    }
    case 'RemoveIdentifier': {
      const known = entryOf(customer.identifiers, identifierKey(command.identifier));
      if (!known) {
        throw new DomainError(
          'UnknownIdentifier',
          `Customer ${customer.id} has no such ${command.identifier.kind} identifier`,
          {
            customerId: customer.id,
            kind: command.identifier.kind,
          },
        );
      }
      return [{ type: 'IdentifierRemoved', data: { at, identifier: known } }];
    }
    case 'AddContact':
    case 'ChangeContact':
    case 'RemoveContact':
      return decideContact(command, customer);
    case 'AddSite': {
      if (entryOf(customer.sites, command.siteId)) {
        throw new DomainError(
          'SiteAlreadyExists',
          `Customer ${customer.id} already has a site ${command.siteId}`,
          {
            customerId: customer.id,
            siteId: command.siteId,
          },
        );
      }
      const { siteId, name, city, country, region } = command;
      return [{ type: 'SiteAdded', data: strip({ at, siteId, name, city, country, region }) }];
    }
    case 'SetSiteRegion':
      return decideSiteRegion(command, customer);
    case 'PlaceBlock': {
      const blockId = command.blockId ?? nextBlockId(customer);
      if (entryOf(customer.blocks, blockId)) {
        throw new DomainError(
          'BlockAlreadyExists',
          `Customer ${customer.id} already has a block ${blockId}`,
          { customerId: customer.id, blockId },
        );
      }
      if (command.until !== undefined && command.until < command.from) {
        throw new DomainError(
          'InvalidPeriod',
          `A block cannot end (${command.until}) before it starts (${command.from})`,
          {
            from: command.from,
            until: command.until,
          },
        );
      }
      if (command.reason === 'other' && command.note === undefined) {
        throw new DomainError(
          'BlockNoteRequired',
          'A block for an "other" reason needs a note saying what it is',
        );
      }
      const { reason, note, from, until } = command;
      return [{ type: 'BlockPlaced', data: strip({ at, blockId, reason, note, from, until }) }];
    }
    case 'ReleaseBlock': {
      const block = entryOf(customer.blocks, command.blockId);
      if (!block) {
        throw new DomainError(
          'UnknownBlock',
          `Customer ${customer.id} has no block ${command.blockId}`,
          {
            customerId: customer.id,
            blockId: command.blockId,
          },
        );
      }
      if (block.released) {
        throw new DomainError(
          'BlockAlreadyReleased',
          `Block ${command.blockId} of customer ${customer.id} was already released (in force until ${block.until})`,
          {
            blockId: command.blockId,
            until: block.until,
          },
        );
      }
      if (command.until < block.from) {
        throw new DomainError(
          'InvalidPeriod',
          `Block ${command.blockId} starts on ${block.from}: it cannot end on ${command.until}`,
          {
            blockId: command.blockId,
            from: block.from,
            until: command.until,
          },
        );
      }
      if (block.until !== undefined && command.until >= block.until) {
        throw new DomainError(
          'BlockAlreadyEnds',
          `Block ${command.blockId} already ends on ${block.until}: a release can only end it earlier`,
          {
            blockId: command.blockId,
            until: block.until,
          },
        );
      }
      const { blockId, until, note } = command;
      return [{ type: 'BlockReleased', data: strip({ at, blockId, until, note }) }];
    }
  }
}

/** BL1, BL2, …: the first free one, also beside blocks whose ids came from elsewhere. */
function nextBlockId(customer: Customer): string {
  let n = Object.keys(customer.blocks).length + 1;
  while (entryOf(customer.blocks, `BL${n}`)) n++;
  return `BL${n}`;
}

/** The customer's rules as one value: it starts as null (never registered). */
export const customerDecider: Decider<CustomerState, CustomerCommand, CustomerEvent> = {
  initialState: initialCustomerState,
  decide: inTimeOrder(decideCustomer, 'the customer'),
  evolve: evolveCustomer,
};
