import {
  callDecider,
  initialOrganisation,
  ORGANISATION_STREAM,
  reviveStored,
  type Channel,
  type Organisation,
  type OrganisationEvent,
} from '../domain/index.js';
import { organisationAggregate } from './aggregates.js';
import type { DecisionContext } from './decision-context.js';
import { recorded, type Handling } from './handle-command.js';
import { callResult, type CommandResult } from './results.js';
import { callStreamName, derivedId, loadStream, type EnvelopeFields } from '../streams/index.js';

/** The call a request's acceptance logged, as its LogCall returned it, if there is one. */
export async function callLoggedFor(
  handling: Handling,
  requestId: string,
): Promise<CommandResult | undefined> {
  const stream = callStreamName(derivedId(requestId, 'call'));
  // Named, not sent by a client: no digest, so only the type is compared with what was recorded.
  const naming = { commandId: derivedId(requestId, 'log-call'), commandType: 'LogCall' };
  const loaded = await loadStream(handling.streams.store, stream, callDecider, {
    commandId: naming.commandId,
  });
  if (!loaded.processed) return undefined;
  return callResult(await recorded(handling, stream, callDecider, loaded, naming), naming);
}

/** Whether the organisation accepts this submission at once (A6): electronic intake on a channel it names. */
export async function acceptsAtOnce(
  handling: Handling,
  context: DecisionContext,
  envelope: EnvelopeFields,
  channel: Channel,
  receivedAt?: bigint,
): Promise<boolean> {
  const electronic = envelope.actor.role === 'system' || envelope.actor.role === 'customer';
  if (!electronic) return false;
  const organisation =
    receivedAt === undefined
      ? await context.organisation()
      : await organisationAt(handling, receivedAt);
  return organisation.inboxes.autoAccept.includes(channel);
}

/** The organisation as it was at a store position (its settings when a submission was recorded). */
async function organisationAt(handling: Handling, position: bigint): Promise<Organisation> {
  const fold = organisationAggregate.decider;
  let organisation = initialOrganisation();
  for await (const event of handling.streams.store.readStream(ORGANISATION_STREAM)) {
    if (event.position > position) break;
    organisation = fold.evolve(organisation, reviveStored(event).event as OrganisationEvent); // the organisation stream holds its own events only
  }
  return organisation;
}
