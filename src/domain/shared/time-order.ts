import type { CommandContext } from './command.js';
import { DomainError } from './errors.js';

/**
 * A stream's log runs forward in time: service-level clocks, holds, billing periods and the
 * customer's log all read it in that order. A command dated before the last change it
 * decides on is refused (OutOfOrder); `what` names that change's subject, e.g. "call C-000042".
 */
export function refuseOutOfOrder(
  command: { readonly type: string; readonly at: Date; readonly previousAt?: Date },
  what: string,
): void {
  const { at, previousAt } = command;
  if (previousAt === undefined || at.getTime() >= previousAt.getTime()) return;
  throw new DomainError(
    'OutOfOrder',
    `${command.type} dated ${at.toISOString()} comes before the last change to ${what} (${previousAt.toISOString()})`,
    { at: at.toISOString(), previousAt: previousAt.toISOString() },
  );
}

/**
 * The same rule for every command of an aggregate (the pipeline gives `previousAt`). An as-of
 * reading folds a stream until its first change dated after the instant; a change recorded
 * after another but dated before it would be missing from as-of readings between the two
 * dates and appear later, so the organisation's settings, a contract or a customer as of an
 * instant would depend on when it was asked. `what` names the aggregate ("the contract").
 */
export function inTimeOrder<C extends CommandContext & { readonly type: string }, S, E>(
  decide: (command: C, state: S) => E[],
  what: string,
): (command: C, state: S) => E[] {
  return (command, state) => {
    refuseOutOfOrder(command, what);
    return decide(command, state);
  };
}

/**
 * A customer's own report (the portal) is received when it is sent: dated earlier, it would be
 * validated on a day of the customer's choosing, before a block or while a contract ran (B2,
 * B3). Staff and systems may record a message that arrived earlier (a parsed e-mail, a call).
 */
export function refuseBackdatedByCustomer(
  command: { readonly at: Date; readonly actor: { readonly role: string } },
  reported: Date | undefined,
  field: string,
): void {
  if (command.actor.role !== 'customer' || reported === undefined) return;
  if (reported.getTime() >= command.at.getTime()) return;
  throw new DomainError(
    'BackdatedByCustomer',
    `A customer's report is received when it is sent (${command.at.toISOString()}): ${field} ${reported.toISOString()} is earlier`,
    { [field]: reported.toISOString(), at: command.at.toISOString() },
  );
}
