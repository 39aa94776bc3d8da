/**
 * What a decision learns of time order: the latest of the instants it reads (the last change
 * to its stream, and any other it decides on), given to the domain as `previousAt` so that a
 * command dated before it is refused (domain/shared/time-order.ts).
 */
export function previousAt(...instants: ReadonlyArray<Date | undefined>): { previousAt?: Date } {
  let latest: Date | undefined;
  for (const at of instants) if (at && (!latest || at > latest)) latest = at;
  return latest ? { previousAt: latest } : {};
}
