import {
  decideCall,
  decodeStored,
  defaultServiceLevels,
  DomainError,
  ensureMayActOn,
  evolveCall,
  mayExecute,
  permissions,
  successorLogCall,
  type Call,
  type CallCommand,
  type CallEvent,
  type CallRef,
  type CallState,
  type ServiceLevelPolicy,
} from '../domain/index.js';
import { WrongExpectedRevision } from '../store/errors.js';
import type { EventStore } from '../store/port.js';
import { allocateCallNumber, resolveCallReference } from './call-numbers.js';
import { CommandIdReused, ConcurrencyConflict, Forbidden } from './errors.js';
import { parseCommand, type CommandInput, type CommandInputOf } from './schemas.js';
import { Lru } from './lru.js';
import { callStreamName, derivedId, encodeEvents, loadCall, type EnvelopeFields, type LoadedCall } from './streams.js';

/** Open calls for the same customer and serial number, for the registration warning. */
export interface OpenCallIndex {
  openCallsFor(customerId: string, serialNumber: string): Promise<readonly string[]> | readonly string[];
}

export interface PipelineOptions {
  readonly store: EventStore;
  /** The only clock: stamps commands that arrive without `at`. */
  readonly clock?: () => Date;
  readonly serviceLevels?: ServiceLevelPolicy;
  /** Company rule (D3): a solved call closes only after the customer accepted it. */
  readonly acceptanceRequired?: boolean;
  readonly openCalls?: OpenCallIndex;
  /** Attempts on a revision conflict before giving up (domain refusals are never retried). */
  readonly maxAttempts?: number;
  /** Runs after every successful append with its position: the hook for inline projections. */
  readonly afterAppend?: (position: bigint) => Promise<void>;
  /** How many calls' states stay cached between commands (default 10,000). */
  readonly cacheSize?: number;
}

export interface ResultEvent {
  readonly id: string;
  readonly type: CallEvent['type'];
  readonly revision: bigint;
  readonly data: CallEvent['data'];
}

export interface CommandResult {
  readonly commandId: string;
  readonly commandType: string;
  readonly callId: string;
  readonly number: string;
  /** The events this command recorded on the call, in order. */
  readonly events: readonly ResultEvent[];
  /** Revision of the call stream after the command. */
  readonly revision: bigint;
  /** Global position of the command's last event. */
  readonly position: bigint;
  /** The call right after the command. */
  readonly state: Call;
  /** True when this command id had already been executed: nothing new was written. */
  readonly duplicate: boolean;
  readonly warnings: readonly string[];
  /** For ReopenCall: the new call that continues this one. */
  readonly successor?: CallRef;
}

/**
 * The command pipeline: validate → authorise → load → decide → append with the expected
 * revision → retry on a revision conflict only. Idempotent by command id: a command seen
 * before returns its first result and writes nothing.
 */
export class CommandPipeline {
  private readonly store: EventStore;
  private readonly clock: () => Date;
  private readonly serviceLevels: ServiceLevelPolicy;
  private readonly maxAttempts: number;
  /**
   * Calls as last seen, so the next command on a call reads only what was appended since.
   * Always a true prefix of the stream (events never change), so it cannot go stale in a way
   * that matters: the expected revision still guards every append.
   */
  private readonly calls: Lru<string, LoadedCall>;
  /** Call numbers never move: C-000042 names the same call forever. */
  private readonly numbers: Lru<string, string>;

  constructor(private readonly options: PipelineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
    this.serviceLevels = options.serviceLevels ?? defaultServiceLevels;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.calls = new Lru(options.cacheSize ?? 10_000);
    this.numbers = new Lru(options.cacheSize ?? 10_000);
  }

  async execute(request: unknown): Promise<CommandResult> {
    const command = parseCommand(request);
    if (!mayExecute(command.actor.role, command.type)) {
      throw new Forbidden(command.actor.role, command.type, permissions[command.type]);
    }
    const envelope: EnvelopeFields = {
      actor: command.actor,
      occurredAt: command.at ?? this.clock(),
      commandId: command.commandId,
      commandType: command.type,
      correlationId: command.correlationId ?? command.commandId,
      causationId: command.causationId ?? command.commandId,
    };
    const result =
      command.type === 'LogCall'
        ? await this.logCall(command, envelope)
        : command.type === 'ReopenCall'
          ? await this.reopenCall(command, envelope)
          : await this.handle(command, envelope);
    if (!result.duplicate) await this.options.afterAppend?.(result.position);
    return result;
  }

  private async handle(command: Exclude<CommandInput, { type: 'LogCall' | 'ReopenCall' }>, envelope: EnvelopeFields): Promise<CommandResult> {
    const callId = await this.resolveCall(command.call);
    return this.withRetries(callId, async (loaded) => {
      const call = this.existing(loaded, command.call);
      ensureMayActOn(command.actor, call);
      return decideCall(this.domainCommand(command, envelope), call);
    }, envelope);
  }

  private async logCall(command: CommandInputOf<'LogCall'>, envelope: EnvelopeFields): Promise<CommandResult> {
    const callId = command.callId ?? derivedId(command.commandId, 'call');
    return this.withRetries(callId, async (loaded) => {
      const base = { ...this.domainCommand(command, envelope), callId, serviceLevels: this.serviceLevels } as const;
      // Decide once with a placeholder first: a refused call must not consume a number.
      decideCall({ ...base, number: 'C-pending', possibleDuplicates: [] } as CallCommand, loaded.state);
      const number = await allocateCallNumber(this.store, callId, envelope);
      const possibleDuplicates = await this.openCallsLike(command);
      return decideCall({ ...base, number, possibleDuplicates } as CallCommand, loaded.state);
    }, envelope);
  }

  /** A8: the new call is created first, then linked from the original; both steps are idempotent. */
  private async reopenCall(command: CommandInputOf<'ReopenCall'>, envelope: EnvelopeFields): Promise<CommandResult> {
    const originalId = await this.resolveCall(command.call);
    const successorId = derivedId(command.commandId, 'successor');
    let successor: CallRef | undefined;
    const result = await this.withRetries(originalId, async (loaded) => {
      const original = this.existing(loaded, command.call);
      ensureMayActOn(command.actor, original);
      const reopen = this.domainCommand(command, envelope);
      decideCall({ ...reopen, successor: { callId: successorId, number: 'C-pending' } } as CallCommand, original);
      successor ??= await this.logSuccessor(original, successorId, command, envelope);
      return decideCall({ ...reopen, successor } as CallCommand, original);
    }, envelope);
    return { ...result, successor: successor ?? (result.events[0]?.data as { successor: CallRef }).successor };
  }

  private async logSuccessor(original: Call, callId: string, command: CommandInputOf<'ReopenCall'>, envelope: EnvelopeFields): Promise<CallRef> {
    const existing = await loadCall(this.store, callId);
    if (existing.state) return { callId, number: existing.state.number };
    const number = await allocateCallNumber(this.store, callId, envelope);
    const log = successorLogCall(original, { at: envelope.occurredAt, actor: command.actor, reason: command.reason }, { callId, number }, this.serviceLevels);
    const stream = callStreamName(callId);
    await this.store.appendToStream(stream, encodeEvents(decideCall(log, null), stream, envelope), { expectedRevision: 'no_stream' });
    return { callId, number };
  }

  /**
   * Load, decide, append; on a revision conflict load again and decide again. A domain
   * refusal propagates at once: retrying cannot change the rules.
   */
  private async withRetries(
    callId: string,
    decide: (loaded: LoadedCall) => Promise<CallEvent[]>,
    envelope: EnvelopeFields,
  ): Promise<CommandResult> {
    const stream = callStreamName(callId);
    for (let attempt = 1; ; attempt++) {
      const loaded = await loadCall(this.store, callId, { commandId: envelope.commandId }, this.calls.get(callId));
      if (loaded.processed) return this.earlierResult(loaded, envelope);
      if (loaded.state) this.calls.set(callId, loaded);
      const events = await decide(loaded);
      const encoded = encodeEvents(events, stream, envelope);
      try {
        const appended = await this.store.appendToStream(stream, encoded, {
          expectedRevision: loaded.state === null ? 'no_stream' : loaded.revision,
        });
        const ids = encoded.map((e) => e.id);
        const result = this.result(loaded, events, ids, appended.nextExpectedRevision, appended.position, envelope);
        this.calls.set(callId, { state: result.state, revision: result.revision, commandIds: new Set(loaded.commandIds).add(envelope.commandId) });
        return result;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= this.maxAttempts) {
          if (error instanceof WrongExpectedRevision) throw new ConcurrencyConflict(stream, attempt);
          throw error;
        }
        await backoff(attempt);
      }
    }
  }

  private result(
    loaded: LoadedCall,
    events: CallEvent[],
    ids: readonly string[],
    revision: bigint,
    position: bigint,
    envelope: EnvelopeFields,
  ): CommandResult {
    let state: CallState = loaded.state;
    for (const event of events) state = evolveCall(state, event);
    const call = state!;
    const first = revision - BigInt(events.length) + 1n;
    return {
      commandId: envelope.commandId,
      commandType: envelope.commandType,
      callId: call.id,
      number: call.number,
      events: events.map((event, i) => ({
        id: ids[i]!,
        type: event.type,
        revision: first + BigInt(i),
        data: event.data,
      })),
      revision,
      position,
      state: call,
      duplicate: false,
      warnings: warningsOf(events),
    };
  }

  /** The first execution's result, rebuilt from what it recorded. */
  private async earlierResult(loaded: LoadedCall, envelope: EnvelopeFields): Promise<CommandResult> {
    const { processed } = loaded;
    if (processed!.commandType !== envelope.commandType) {
      throw new CommandIdReused(envelope.commandId, processed!.commandType, envelope.commandType);
    }
    const recorded = processed!.events;
    const last = recorded[recorded.length - 1]!;
    const asOf = await loadCall(this.store, loaded.state!.id, { toRevision: last.revision });
    const events = recorded.map((r) => {
      const { event } = decodeStored(r);
      return { id: r.id, type: event.type as CallEvent['type'], revision: r.revision, data: event.data as CallEvent['data'] };
    });
    const reopened = events.find((e) => e.type === 'CallReopened')?.data as { successor: CallRef } | undefined;
    return {
      commandId: envelope.commandId,
      commandType: envelope.commandType,
      callId: asOf.state!.id,
      number: asOf.state!.number,
      events,
      revision: last.revision,
      position: last.position,
      state: asOf.state!,
      duplicate: true,
      warnings: warningsOf(events),
      ...(reopened ? { successor: reopened.successor } : {}),
    };
  }

  private domainCommand(command: CommandInput, envelope: EnvelopeFields): CallCommand {
    const { commandId: _id, correlationId: _c, causationId: _k, ...rest } = command as CommandInput & { call?: string };
    const { call: _call, ...payload } = rest as typeof rest & { call?: string };
    const extras =
      command.type === 'SetPriority'
        ? { serviceLevels: this.serviceLevels }
        : command.type === 'CloseCall'
          ? { acceptanceRequired: this.options.acceptanceRequired ?? false }
          : {};
    return { ...payload, ...extras, at: envelope.occurredAt, actor: envelope.actor } as CallCommand;
  }

  private existing(loaded: LoadedCall, reference: string): Call {
    if (loaded.state === null) throw new DomainError('CallNotFound', `No call ${reference}`);
    return loaded.state;
  }

  /** The id of a call named by id or number. */
  async resolveCall(reference: string): Promise<string> {
    const known = this.numbers.get(reference);
    if (known) return known;
    const callId = await resolveCallReference(this.store, reference);
    this.numbers.set(reference, callId);
    return callId;
  }

  private async openCallsLike(command: CommandInputOf<'LogCall'>): Promise<readonly string[]> {
    const serial = command.item.serialNumber;
    if (!this.options.openCalls || command.subject.kind !== 'customer' || !serial) return [];
    return this.options.openCalls.openCallsFor(command.subject.customerId, serial);
  }
}

function warningsOf(events: ReadonlyArray<Pick<CallEvent, 'type' | 'data'>>): string[] {
  const logged = events.find((e): e is Extract<CallEvent, { type: 'CallLogged' }> => e.type === 'CallLogged');
  const duplicates = logged?.data.possibleDuplicates ?? [];
  return duplicates.length > 0 ? [`Open calls exist for the same customer and serial number: ${duplicates.join(', ')}`] : [];
}

/** Jittered exponential backoff, so racing writers stop colliding. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
