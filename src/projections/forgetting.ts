import { kindOf } from '../privacy/subjects.js';
import { PrivateReadModels } from './read-models/private.js';
import type { Projection, ReadModelStore } from './types.js';

/**
 * The projections to rebuild once the persons are forgotten: in sealed read models, only
 * those that derived something from a value of theirs (an index keyed by it) and those
 * that do not say what they hold; in read models that hold values in clear, all of them.
 */
export function toRebuildOnForget(
  projections: readonly Projection[],
  readModels: ReadModelStore,
  persons: readonly string[],
): string[] {
  const sealed = readModels instanceof PrivateReadModels;
  const kinds = persons.map((person) => kindOf(person));
  return projections
    .filter(
      (projection) =>
        !sealed ||
        !projection.forgetting ||
        kinds.some(
          (kind) => kind !== undefined && projection.forgetting!.rebuildFor.includes(kind),
        ),
    )
    .map((projection) => projection.name);
}
