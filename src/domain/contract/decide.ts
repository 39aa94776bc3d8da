import { inTimeOrder } from '../shared/time-order.js';
import { ensureReferencesExist, type References } from '../customer/references.js';
import { contractReferences } from './references.js';
import { entryOf, strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import { ensureSettingsKnown, type KnownSettings } from '../shared/known-settings.js';
import type { ContractCommand } from './commands.js';
import type { ContractEvent } from './events.js';
import { initialContractState, linePeriod, type Contract, type ContractState } from './state.js';
import type { Decider } from '../shared/decider.js';
import { evolveContract } from './evolve.js';

/**
 * decideContract(command, state) → events. Pure: time and actor arrive in the command.
 * A refusal is a thrown DomainError and means nothing is recorded. That the customer and
 * the sites and serial numbers named by lines exist is checked against the `references`
 * the pipeline loads (see intake/references.ts).
 */
export function decideContract(
  command: ContractCommand & {
    readonly references?: References;
    /** The organisation's calendar day at the command's instant: validity never ends before it. */
    readonly today?: string;
    /** Whether the service levels a new contract names are published, as the pipeline found. */
    readonly known?: KnownSettings;
  },
  state: ContractState,
): ContractEvent[] {
  if (command.references)
    ensureReferencesExist(contractReferences(command, state), command.references);
  const { at } = command;
  if (command.type === 'RegisterContract') {
    if (state !== null) {
      throw new DomainError(
        'ContractAlreadyRegistered',
        `Contract ${state.id} is already registered`,
        { contractId: state.id },
      );
    }
    const { contractId, customerId, from, until, serviceLevelPolicyId } = command;
    ensurePeriod('A contract', from, until);
    ensureSettingsKnown({ ...command, ruleSetId: serviceLevelPolicyId });
    return [
      {
        type: 'ContractRegistered',
        data: strip({ contractId, at, customerId, from, until, serviceLevelPolicyId }),
      },
    ];
  }
  if (state === null)
    throw new DomainError(
      'ContractNotFound',
      `No contract to ${command.type} on: it was never registered`,
    );
  const contract = state;
  switch (command.type) {
    case 'RenewContract': {
      if (contract.termination) {
        throw new DomainError(
          'ContractTerminated',
          `Contract ${contract.id} was terminated on ${contract.termination.until}: register a new contract instead`,
          {
            contractId: contract.id,
            until: contract.termination.until,
          },
        );
      }
      if (command.until <= contract.until) {
        throw new DomainError(
          'RenewalNotLater',
          `Contract ${contract.id} is already valid until ${contract.until}: a renewal must end later than that`,
          {
            contractId: contract.id,
            until: contract.until,
            requested: command.until,
          },
        );
      }
      return [
        {
          type: 'ContractRenewed',
          data: { at, previousUntil: contract.until, until: command.until },
        },
      ];
    }
    case 'TerminateContract': {
      if (contract.termination) {
        throw new DomainError(
          'ContractAlreadyTerminated',
          `Contract ${contract.id} was already terminated on ${contract.termination.until}`,
          {
            contractId: contract.id,
            until: contract.termination.until,
          },
        );
      }
      if (command.until < contract.from || command.until > contract.until) {
        throw new DomainError(
          'TerminationOutsideValidity',
          `Contract ${contract.id} is valid from ${contract.from} until ${contract.until}: it cannot be terminated on ${command.until}`,
          {
            contractId: contract.id,
            from: contract.from,
            until: contract.until,
            requested: command.until,
          },
        );
      }
      ensureNotPast(`Contract ${contract.id}`, command.until, command.today);
      return [
        { type: 'ContractTerminated', data: { at, until: command.until, reason: command.reason } },
      ];
    }
    case 'AddCoverageLine': {
      const lineId = command.lineId ?? nextLineId(contract);
      if (entryOf(contract.lines, lineId)) {
        throw new DomainError(
          'CoverageLineAlreadyExists',
          `Contract ${contract.id} already has a coverage line ${lineId}`,
          { contractId: contract.id, lineId },
        );
      }
      const { service, scope, share, limits, from, until } = command;
      if (from !== undefined && until !== undefined)
        ensurePeriod(`Coverage line ${lineId}`, from, until);
      ensureWithinContract(contract, lineId, from, until);
      return [
        {
          type: 'CoverageLineAdded',
          data: strip({ at, lineId, service, scope, share, limits, from, until }),
        },
      ];
    }
    case 'EndCoverageLine': {
      const line = entryOf(contract.lines, command.lineId);
      if (!line) {
        throw new DomainError(
          'UnknownCoverageLine',
          `Contract ${contract.id} has no coverage line ${command.lineId}`,
          {
            contractId: contract.id,
            lineId: command.lineId,
          },
        );
      }
      const period = linePeriod(contract, line);
      if (line.until !== undefined && command.until >= line.until) {
        throw new DomainError(
          'CoverageLineAlreadyEnds',
          `Coverage line ${command.lineId} already ends on ${line.until}: it can only be ended earlier`,
          {
            contractId: contract.id,
            lineId: command.lineId,
            until: line.until,
          },
        );
      }
      ensurePeriod(`Coverage line ${command.lineId}`, period.from, command.until);
      ensureWithinContract(contract, command.lineId, undefined, command.until);
      ensureNotPast(
        `Coverage line ${command.lineId} of contract ${contract.id}`,
        command.until,
        command.today,
      );
      return [
        { type: 'CoverageLineEnded', data: { at, lineId: command.lineId, until: command.until } },
      ];
    }
  }
}

/**
 * Cover is ended from today on, never for days gone by: calls of those days were taken as
 * covered, without the customer agreeing to pay (B4), and billing would charge them in full.
 */
function ensureNotPast(what: string, until: string, today: string | undefined): void {
  if (today !== undefined && until < today)
    throw new DomainError(
      'EndInThePast',
      `${what} cannot end on ${until}, a day gone by (today is ${today}): calls of those days were taken as covered. End it today or later`,
      { until, today },
    );
}

function ensurePeriod(what: string, from: string, until: string): void {
  if (until < from) {
    throw new DomainError(
      'InvalidPeriod',
      `${what} cannot end (${until}) before it starts (${from})`,
      { from, until },
    );
  }
}

function ensureWithinContract(
  contract: Contract,
  lineId: string,
  from: string | undefined,
  until: string | undefined,
): void {
  const outside =
    (from !== undefined && (from < contract.from || from > contract.until)) ||
    (until !== undefined && (until < contract.from || until > contract.until));
  if (!outside) return;
  throw new DomainError(
    'CoverageLineOutsideContract',
    `Coverage line ${lineId} must lie within contract ${contract.id}, valid from ${contract.from} until ${contract.until}`,
    {
      contractId: contract.id,
      lineId,
      from,
      until,
      contractFrom: contract.from,
      contractUntil: contract.until,
    },
  );
}

/** L1, L2, …: the first free one, also beside lines whose ids came from elsewhere. */
function nextLineId(contract: Contract): string {
  let n = Object.keys(contract.lines).length + 1;
  while (entryOf(contract.lines, `L${n}`)) n++;
  return `L${n}`;
}

/** The contract's rules as one value: it starts as null (never registered). */
export const contractDecider: Decider<
  ContractState,
  ContractCommand & { readonly references?: References },
  ContractEvent
> = {
  initialState: initialContractState,
  decide: inTimeOrder(decideContract, 'the contract'),
  evolve: evolveContract,
};
