import { DomainError } from '../shared/errors.js';
import { entryOf, strip } from '../shared/objects.js';
import { ensureSettingsKnown, type KnownSettings } from '../shared/known-settings.js';
import type { Role } from '../shared/schema.js';
import type {
  OrganisationCommand,
  OrganisationEvent,
  organisationCommandSchemas,
} from './schemas.js';
import type { Organisation } from './state.js';

export const organisationPermissions: Readonly<
  Record<keyof typeof organisationCommandSchemas, readonly Role[]>
> = {
  DefineGroup: ['supervisor'],
  RetireGroup: ['supervisor'],
  DefineSupportCentre: ['supervisor'],
  SetDefaultDestination: ['supervisor'],
  DefinePurpose: ['supervisor'],
  SetDefaultServiceLevels: ['supervisor'],
  SetInboxes: ['supervisor'],
  SetBillingPolicy: ['supervisor', 'billing'],
  SetAcceptancePolicy: ['supervisor'],
  SetTimeZone: ['supervisor'],
};

export function decideOrganisation(
  command: OrganisationCommand & { readonly known?: KnownSettings },
  state: Organisation,
): OrganisationEvent[] {
  const { at } = command;
  ensureSettingsKnown(command);
  switch (command.type) {
    case 'DefineGroup': {
      if (command.kind === 'service-level' && command.level === undefined) {
        throw new DomainError(
          'LevelRequired',
          `Service-level group ${command.groupId} needs its level (I = 1, II = 2, …)`,
        );
      }
      const { groupId, name, kind, level, members } = command;
      return [
        {
          type: 'GroupDefined',
          data: strip({ at, groupId, name, kind, level, members: [...new Set(members)] }),
        },
      ];
    }
    case 'RetireGroup':
      if (!entryOf(state.groups, command.groupId)?.active)
        throw new DomainError('GroupNotFound', `No active group ${command.groupId}`);
      // SetDefaultDestination takes an active group only: retiring it must not undo that.
      if (
        state.defaultDestination?.kind === 'group' &&
        state.defaultDestination.id === command.groupId
      )
        throw new DomainError(
          'GroupIsDefaultDestination',
          `Group ${command.groupId} is where new calls go (the default destination): name another with SetDefaultDestination first`,
          { group: command.groupId },
        );
      // Routing skips a retired group's rules: its calls would go to the default destination unsaid.
      if (command.known?.routedBy?.length)
        throw new DomainError(
          'GroupInRoutingRules',
          `Group ${command.groupId} is where routing rules send calls (${command.known.routedBy.map((r) => `version ${r.version} rule ${r.ruleId}`).join(', ')}): publish routing rules without it first (PublishRoutingRules), then retire it`,
          { group: command.groupId, rules: command.known.routedBy.map((r) => ({ ...r })) },
        );
      return [{ type: 'GroupRetired', data: { at, groupId: command.groupId } }];
    case 'DefineSupportCentre':
      return [
        {
          type: 'SupportCentreDefined',
          data: { at, centreId: command.centreId, name: command.name, line: command.line },
        },
      ];
    case 'SetDefaultDestination':
      if (
        command.destination.kind === 'group' &&
        !entryOf(state.groups, command.destination.id)?.active
      ) {
        throw new DomainError(
          'GroupNotFound',
          `No active group ${command.destination.id} to send new calls to`,
        );
      }
      return [{ type: 'DefaultDestinationSet', data: { at, destination: command.destination } }];
    case 'DefinePurpose':
      return [
        { type: 'PurposeDefined', data: { at, purposeId: command.purposeId, name: command.name } },
      ];
    case 'SetDefaultServiceLevels':
      return [{ type: 'DefaultServiceLevelsSet', data: { at, ruleSetId: command.ruleSetId } }];
    case 'SetBillingPolicy':
      return [
        {
          type: 'BillingPolicySet',
          data: strip({
            at,
            invoiceOn: command.invoiceOn,
            priceListId: command.priceListId,
            contractId: command.contractId,
          }),
        },
      ];
    case 'SetInboxes':
      return [
        {
          type: 'InboxesSet',
          data: { at, mode: command.mode, autoAccept: [...new Set(command.autoAccept)] },
        },
      ];
    case 'SetAcceptancePolicy':
      return [
        {
          type: 'AcceptancePolicySet',
          data: strip({ at, required: command.required, contractId: command.contractId }),
        },
      ];
    case 'SetTimeZone':
      return [{ type: 'TimeZoneSet', data: { at, timeZone: command.timeZone } }];
  }
}
