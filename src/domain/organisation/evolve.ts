import { entryOf, strip } from '../shared/objects.js';
import { setIn } from '../shared/persistent-map.js';
import type { OrganisationEvent } from './schemas.js';
import type { Organisation } from './state.js';

export function evolveOrganisation(state: Organisation, event: OrganisationEvent): Organisation {
  switch (event.type) {
    case 'GroupDefined': {
      const { groupId, name, kind, level, members } = event.data;
      return {
        ...state,
        groups: { ...state.groups, [groupId]: strip({ name, kind, level, members, active: true }) },
      };
    }
    case 'GroupRetired': {
      const group = entryOf(state.groups, event.data.groupId);
      return group
        ? {
            ...state,
            groups: { ...state.groups, [event.data.groupId]: { ...group, active: false } },
          }
        : state;
    }
    case 'SupportCentreDefined':
      return {
        ...state,
        supportCentres: {
          ...state.supportCentres,
          [event.data.centreId]: { name: event.data.name, line: event.data.line },
        },
      };
    case 'DefaultDestinationSet':
      return { ...state, defaultDestination: event.data.destination };
    case 'PurposeDefined':
      return { ...state, purposes: { ...state.purposes, [event.data.purposeId]: event.data.name } };
    case 'DefaultServiceLevelsSet':
      return { ...state, defaultServiceLevels: event.data.ruleSetId };
    case 'BillingPolicySet': {
      const { invoiceOn, priceListId, contractId } = event.data;
      return contractId
        ? {
            ...state,
            contractBilling: setIn(state.contractBilling, contractId, { invoiceOn, priceListId }),
          }
        : { ...state, billing: { invoiceOn, priceListId } };
    }
    case 'InboxesSet':
      return { ...state, inboxes: { mode: event.data.mode, autoAccept: event.data.autoAccept } };
    case 'AcceptancePolicySet': {
      const { required, contractId } = event.data;
      return contractId
        ? { ...state, contractAcceptance: setIn(state.contractAcceptance, contractId, required) }
        : { ...state, acceptanceRequired: required };
    }
    case 'TimeZoneSet':
      return { ...state, timeZone: event.data.timeZone };
  }
}
