import { destroyKey, knownPerson, samePerson, type PersonServices } from '../privacy/persons.js';
import { toRebuildOnForget } from '../projections/forgetting.js';
import type { ProjectionRunner } from '../projections/runner.js';
import type { ReadModelStore } from '../projections/types.js';
import { nameUuid } from '../streams/index.js';
import type { AggregateResult, CommandPipeline } from './pipeline.js';
import type { CommandRequestOf } from './requests.js';
import { parseCommandOf } from './schemas.js';

/** A ForgetPerson command: the person by subject id (a requester also by call number), and why. */
export type ForgetPersonRequest = Omit<CommandRequestOf<'ForgetPerson'>, 'type'> & {
  readonly type?: 'ForgetPerson';
};

export interface ForgettingParts {
  readonly pipeline: CommandPipeline;
  readonly runner: ProjectionRunner;
  readonly readModels: ReadModelStore;
  readonly persons: PersonServices;
}

/**
 * ForgetPerson (GDPR Art. 17, role privacy-officer): records who asked, when and why, and
 * destroys the person's key; every value of theirs then reads "[erased]", in the read
 * models too (they hold it sealed; what they derived from it is rebuilt). Idempotent; an
 * unknown person is UnknownPerson. History is not edited: the chain still verifies (docs/privacy.md).
 */
export async function forgetPerson(
  parts: ForgettingParts,
  request: ForgetPersonRequest,
): Promise<AggregateResult> {
  const { pipeline, runner, readModels, persons } = parts;
  // Refused before the key store is searched for the person: a malformed request, or an actor
  // who may not forget anyone, learns nothing about who is known.
  const checked = parseCommandOf('ForgetPerson', { ...request, type: 'ForgetPerson' });
  pipeline.ensureAllowed('ForgetPerson', checked.actor);
  const person = await knownPerson(persons, request.person);
  const result = await pipeline.execute({ ...request, type: 'ForgetPerson', person });
  destroyKey(persons.store, person, new Date());
  // The same person under another subject (a request's sender is its call's requester): forgotten too.
  const others = await samePerson(persons.store, person);
  for (const other of others) {
    await pipeline.execute({
      ...request,
      type: 'ForgetPerson',
      person: other,
      commandId: nameUuid(`${checked.commandId}/${other}`),
    });
    destroyKey(persons.store, other, new Date());
  }
  // Sealed read models keep nothing to rewrite: only what a read model derived from the
  // person's values (an index keyed by them) is rebuilt; unsealed ones are rebuilt whole.
  await runner.rebuild(toRebuildOnForget(runner.projections, readModels, [person, ...others]));
  return result;
}
