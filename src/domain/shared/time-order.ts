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
