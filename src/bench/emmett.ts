import { randomUUID } from 'node:crypto';
import {
  CommandHandler,
  getInMemoryEventStore,
  STREAM_DOES_NOT_EXIST,
  type InMemoryEventStore,
  type ReadEvent,
} from '@event-driven-io/emmett';
import { instantOf } from '../domain/shared/revive.js';
import { Forbidden } from '../commands/errors.js';
import { parseCommand, type CommandInput } from '../commands/schemas.js';
import { callStreamName, type EnvelopeFields } from '../streams/index.js';
import {
  builtInServiceLevels,
  CALL_NUMBERS_STREAM,
  callNumberAt,
  decideCall,
  DomainError,
  encodeMetadata,
  ensureMayActOn,
  evolveCall,
  initialOrganisation,
  localDateOf,
  ORGANISATION_STREAM,
  permissions,
  type CallCommand,
  type CallEvent,
  type CallState,
  type DomainEvent,
  type Organisation,
  type OrganisationEvent,
  organisationDecider,
} from '../domain/index.js';

/**
 * W1's ten commands on Emmett's in-memory store through Emmett's CommandHandler: the
 * comparison the pipeline's own CPU is judged by. Kept honest: the same boundary
 * validation (callstream's zod schemas), the same permission checks, the same decider and
 * evolve, the same configuration a command needs (organisation read from its stream,
 * service levels, calendar day), the same call-number allocation as an append of its own,
 * and events of the same shape (data and callstream's metadata). What Emmett leaves to
 * its user, and callstream does, is not added: idempotency by command id, deterministic
 * ids, the cache of loaded streams.
 */

interface StoredCallEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}
interface CallStreamState {
  readonly call: CallState;
  /** When the last event occurred: a new one may not be dated before it (as the pipeline passes it). */
  readonly lastOccurredAt?: Date;
}

const handleCall = CommandHandler<CallStreamState, StoredCallEvent>({
  initialState: () => ({ call: null }),
  evolve: (state, event) => ({
    call: evolveCall(state.call, { type: event.type, data: event.data } as CallEvent),
    lastOccurredAt: instantOf((event as ReadEvent<StoredCallEvent>).metadata.occurredAt as string),
  }),
});

const NOT_DOMAIN = new Set(['commandId', 'correlationId', 'causationId', 'at', 'call']);

/** The numbers stream folds into how many numbers were given. */
const handleNumbers = CommandHandler<number, StoredCallEvent>({
  initialState: () => 0,
  evolve: (count) => count + 1,
});

export class EmmettLifecycle {
  readonly store: InMemoryEventStore = getInMemoryEventStore();
  /** An Emmett application keeps its own number → id index; the pipeline has one too. */
  private readonly numbers = new Map<string, string>();

  async execute(request: unknown): Promise<{ callId: string; number: string; call: CallState }> {
    const command = parseCommand(request) as CommandInput;
    const allowed = permissions[command.type];
    if (!allowed.includes(command.actor.role))
      throw new Forbidden(command.actor.role, command.type, allowed);
    const envelope: EnvelopeFields = {
      actor: command.actor,
      occurredAt: command.at ?? new Date(),
      commandId: command.commandId,
      commandType: command.type,
      correlationId: command.correlationId ?? command.commandId,
      causationId: command.causationId ?? command.commandId,
    };
    return command.type === 'LogCall'
      ? this.logCall(command, envelope)
      : this.onCall(command, envelope);
  }

  private async logCall(
    command: Extract<CommandInput, { type: 'LogCall' }>,
    envelope: EnvelopeFields,
  ) {
    const callId = command.callId ?? randomUUID();
    const base = {
      ...this.domainCommand(command, envelope),
      organisation: await this.organisation(),
      serviceLevels: { version: builtInServiceLevels, source: 'built-in' },
      knownFactors: {},
      callId,
    };
    const allocated = await handleNumbers(this.store, CALL_NUMBERS_STREAM, () => [
      this.stored({ type: 'CallNumberAllocated', data: { callId } }, envelope),
    ]);
    const number = callNumberAt(allocated.nextExpectedStreamVersion - 1n);
    const result = await handleCall(
      this.store,
      callStreamName(callId),
      (state) => this.decide({ ...base, number, possibleDuplicates: [] }, state.call, envelope),
      {
        expectedStreamVersion: STREAM_DOES_NOT_EXIST,
      },
    );
    this.numbers.set(number, callId);
    return { callId, number, call: result.newState.call };
  }

  private async onCall(
    command: Exclude<CommandInput, { type: 'LogCall' }>,
    envelope: EnvelopeFields,
  ) {
    const callId = this.numbers.get(command.call) ?? command.call;
    const extras = await this.extras(command.type, envelope.occurredAt);
    const result = await handleCall(this.store, callStreamName(callId), (state) => {
      if (state.call === null) throw new DomainError('CallNotFound', `No call ${command.call}`);
      ensureMayActOn(command.actor, state.call);
      return this.decide(
        {
          ...this.domainCommand(command, envelope),
          ...extras,
          ...(state.lastOccurredAt ? { previousAt: state.lastOccurredAt } : {}),
        },
        state.call,
        envelope,
      );
    });
    const call = result.newState.call!;
    return { callId, number: call.number, call };
  }

  private decide(
    command: Record<string, unknown>,
    call: CallState,
    envelope: EnvelopeFields,
  ): StoredCallEvent[] {
    return decideCall(command as CallCommand, call).map((event) => this.stored(event, envelope));
  }

  private stored(event: DomainEvent, envelope: EnvelopeFields): StoredCallEvent {
    return { type: event.type, data: event.data, metadata: encodeMetadata(event.type, envelope) };
  }

  private domainCommand(command: CommandInput, envelope: EnvelopeFields): Record<string, unknown> {
    // Keys copied as the pipeline does (no rest spread): the same care on both sides.
    const payload: Record<string, unknown> = {};
    for (const key of Object.keys(command))
      if (!NOT_DOMAIN.has(key)) payload[key] = (command as Record<string, unknown>)[key];
    payload.at = envelope.occurredAt;
    payload.actor = envelope.actor;
    return payload;
  }

  /** What each of the ten commands needs beyond its payload, as the pipeline gives it. */
  private async extras(type: CallCommand['type'], at: Date): Promise<Record<string, unknown>> {
    switch (type) {
      case 'SetPriority':
        return { serviceLevels: builtInServiceLevels };
      case 'CloseCall':
        return { acceptanceRequired: false };
      case 'BookTime':
        return { today: localDateOf('UTC', at) };
      case 'AssignCall':
      case 'TransferToSecondLine':
        return { organisation: await this.organisation() };
      default:
        return {};
    }
  }

  private async organisation(): Promise<Organisation> {
    const { state, streamExists } = await this.store.aggregateStream<Organisation, StoredCallEvent>(
      ORGANISATION_STREAM,
      {
        initialState: organisationDecider.initialState,
        evolve: (current: Organisation, event: StoredCallEvent) =>
          organisationDecider.evolve(current, {
            type: event.type,
            data: event.data,
          } as OrganisationEvent),
      },
    );
    return streamExists ? state : initialOrganisation();
  }
}
