import { inTimeOrder } from '../shared/time-order.js';
import { DomainError } from '../shared/errors.js';
import type { Decider } from '../shared/decider.js';
import type { Role } from '../shared/schema.js';
import type { EngineerCommand, EngineerCommandType, EngineerEvent } from './schemas.js';
import { initialEngineerState, type EngineerState } from './state.js';

/** Who sets up engineers: supervisors, and the system (an HR or ERP synchronisation). */
export const engineerPermissions: Readonly<Record<EngineerCommandType, readonly Role[]>> = {
  DefineEngineer: ['supervisor', 'system'],
  RetireEngineer: ['supervisor', 'system'],
};

/** decideEngineer(command, state) → events. Versions only follow each other: history is appended. */
export function decideEngineer(command: EngineerCommand, state: EngineerState): EngineerEvent[] {
  const { at, engineerId } = command;
  const last = state?.versions[state.versions.length - 1];
  switch (command.type) {
    case 'DefineEngineer': {
      if (last && command.from < last.from) {
        throw new DomainError(
          'ProfileBeforeLast',
          `Engineer ${engineerId}'s profile from ${command.from} would start before the one from ${last.from}: history is appended, not rewritten`,
          { engineerId, from: command.from, lastFrom: last.from },
        );
      }
      const { from, groups, skills, areas, calendar } = command;
      return [
        {
          type: 'EngineerDefined',
          data: { at, engineerId, from, groups: [...new Set(groups)], skills, areas, calendar },
        },
      ];
    }
    case 'RetireEngineer':
      if (!state || !last)
        throw new DomainError('EngineerNotFound', `No engineer ${engineerId}`, { engineerId });
      if (command.from < last.from) {
        throw new DomainError(
          'ProfileBeforeLast',
          `Engineer ${engineerId} cannot retire on ${command.from}, before their profile from ${last.from}`,
          { engineerId, from: command.from, lastFrom: last.from },
        );
      }
      return [{ type: 'EngineerRetired', data: { at, engineerId, from: command.from } }];
  }
}

export function evolveEngineer(state: EngineerState, event: EngineerEvent): EngineerState {
  switch (event.type) {
    case 'EngineerDefined': {
      const { engineerId, from, groups, skills, areas, calendar } = event.data;
      const version = { from, groups, skills, areas, calendar };
      const earlier = (state?.versions ?? []).filter((v) => v.from < from);
      // A new profile after retirement brings the engineer back.
      return { engineerId, versions: [...earlier, version] };
    }
    case 'EngineerRetired':
      return state && { ...state, retiredFrom: event.data.from };
  }
}

/** An engineer's profile versions as one value: one stream per engineer. */
export const engineerDecider: Decider<EngineerState, EngineerCommand, EngineerEvent> = {
  initialState: initialEngineerState,
  decide: inTimeOrder(decideEngineer, 'the engineer'),
  evolve: evolveEngineer,
};
