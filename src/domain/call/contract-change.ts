import { strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { CallCommandOf } from './commands.js';
import type { CallEvent } from './events.js';
import { isContractValidOn, type Contract } from '../contract/state.js';
import { coverageFor, describeCoverage, type Coverage } from '../intake/coverage.js';
import type { Call } from './state.js';
import { refuseOnceInvoiced } from './invoiced.js';
import { uncoveredBookings } from './work-cover.js';

/**
 * C4: charge the call to another valid contract of its customer. The call's coverage is
 * judged again under that contract on the day of the change (B4) and recorded with it, so
 * the verdict the call shows is the contract's it is charged to, never the old one's.
 */
export function contractChange(command: CallCommandOf<'ChangeContract'>, call: Call): CallEvent[] {
  const { at, contract, day } = command;
  const customerId = call.subject.kind === 'customer' ? call.subject.customerId : undefined;
  if (!contract)
    throw new DomainError(
      'ContractNotFound',
      `Customer ${customerId ?? '(none)'} has no contract ${command.contractId}`,
    );
  if (contract.customerId !== customerId)
    throw new DomainError(
      'ContractOfAnotherCustomer',
      `Contract ${contract.id} is a contract of ${contract.customerId}, not of ${customerId ?? 'this generalist call'}`,
    );
  if (!isContractValidOn(contract, day))
    throw new DomainError('ContractNotValid', `Contract ${contract.id} is not valid on ${day}`);
  if (call.contractId === contract.id)
    throw new DomainError(
      'NothingToChange',
      `Call ${call.number} is already charged to contract ${contract.id}`,
    );
  refuseOnceInvoiced(
    call,
    command.invoiced,
    `its invoice stays charged to contract ${call.contractId ?? '(none)'}`,
    'change the contract and bill again',
  );
  const confirmed = chargeableOnMove(command, call, contract);
  const coverage = coverageUnder(command, call, contract);
  return [
    {
      type: 'ContractChanged',
      data: strip({
        at,
        contractId: contract.id,
        previous: call.contractId,
        reason: command.reason,
        chargeableBookings:
          confirmed.length > 0
            ? confirmed.map((bookingId) => ({ bookingId, chargeable: true as const }))
            : undefined,
        coverage,
      }),
    },
  ];
}

/**
 * The call's coverage under the new contract, judged as a request on the day of the change
 * is: the same service, site, item and serial number, with the equipment as master data
 * knows it (`cover`; without it, as for a call logged without customer validation, nothing
 * is judged). Where the customer would pay a larger share than the call was taken on with,
 * the move is confirmed (`chargeable: true`), as logging such a call is.
 */
function coverageUnder(
  command: CallCommandOf<'ChangeContract'>,
  call: Call,
  contract: Contract,
): Coverage | undefined {
  const { cover, day } = command;
  if (!cover || !call.coverage || call.subject.kind !== 'customer') return undefined;
  const coverage = coverageFor(
    call.subject.customerId,
    [contract],
    cover.equipment,
    strip({
      day,
      service: call.coverage.service,
      siteId: call.subject.siteId,
      item: call.item.item,
      serialNumber: call.item.serialNumber,
    }),
  );
  if (coverage.share < call.coverage.share && command.chargeable !== true)
    throw new DomainError(
      'ChargeableWorkNotConfirmed',
      `${describeCoverage(coverage)}: the customer pays ${100 - coverage.share}% of the work where they paid ${100 - call.coverage.share}% under contract ${call.coverage.contractId}. Change the contract with chargeable: true, or not at all`,
      { contractId: contract.id, verdict: coverage.verdict, share: coverage.share },
    );
  return coverage;
}

/**
 * B4 on a move to another contract (C4): work booked on a call taken on as covered that the
 * new contract does not cover becomes the customer's to pay, so the move confirms it
 * (`chargeable: true`, recorded on those bookings) or is refused, as such a booking would be.
 */
function chargeableOnMove(
  command: CallCommandOf<'ChangeContract'>,
  call: Call,
  contract: Contract,
): string[] {
  const { cover } = command;
  if (!cover) return [];
  const uncovered = uncoveredBookings({ call, contract, ...cover });
  if (uncovered.length === 0 || command.chargeable === true) return uncovered;
  throw new DomainError(
    'ChargeableWorkNotConfirmed',
    `Contract ${contract.id} does not cover ${uncovered.join(', ')} booked on call ${call.number}: charged to it, that work is the customer's to pay. Change the contract with chargeable: true, or not at all`,
    { contractId: contract.id, bookings: uncovered },
  );
}
