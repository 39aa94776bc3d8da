import { entryOf, strip } from '../shared/objects.js';
import type { ContractEvent } from './events.js';
import type { ContractState } from './state.js';

/**
 * evolveContract(state, event) → state. Pure and total: it trusts the event (the decider
 * checked the rules when it was recorded) and never throws for a known event.
 */
export function evolveContract(state: ContractState, event: ContractEvent): ContractState {
  if (event.type === 'ContractRegistered') {
    const { contractId, customerId, from, until, serviceLevelPolicyId } = event.data;
    return strip({
      id: contractId,
      customerId,
      from,
      until,
      serviceLevelPolicyId,
      renewals: [],
      lines: {},
    });
  }
  if (state === null) return state; // nothing but ContractRegistered can start a contract
  const contract = state;
  switch (event.type) {
    case 'ContractRenewed': {
      const { previousUntil, until } = event.data;
      return { ...contract, until, renewals: [...contract.renewals, { previousUntil, until }] };
    }
    case 'ContractTerminated': {
      const { until, reason } = event.data;
      return { ...contract, until, termination: { until, reason } };
    }
    case 'CoverageLineAdded': {
      const { lineId, service, scope, share, limits, from, until } = event.data;
      return {
        ...contract,
        lines: {
          ...contract.lines,
          [lineId]: strip({ service, scope, share, limits, from, until }),
        },
      };
    }
    case 'CoverageLineEnded': {
      const { lineId, until } = event.data;
      const line = entryOf(contract.lines, lineId);
      if (!line) return contract;
      return { ...contract, lines: { ...contract.lines, [lineId]: { ...line, until } } };
    }
  }
}
