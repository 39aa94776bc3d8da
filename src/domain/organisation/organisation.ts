import { inTimeOrder } from '../shared/time-order.js';
import type { Decider } from '../shared/decider.js';
import { decideOrganisation } from './decide.js';
import { evolveOrganisation } from './evolve.js';
import type { OrganisationCommand, OrganisationEvent } from './schemas.js';
import { initialOrganisation, type Organisation } from './state.js';

export * from './decide.js';
export * from './evolve.js';
export * from './routing.js';
export * from './schemas.js';
export * from './staff.js';
export * from './state.js';

/** The organisation's settings as one value: one stream, starting from the defaults. */
export const organisationDecider: Decider<Organisation, OrganisationCommand, OrganisationEvent> = {
  initialState: initialOrganisation,
  decide: inTimeOrder(decideOrganisation, 'the organisation'),
  evolve: evolveOrganisation,
};
