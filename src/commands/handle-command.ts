import { EventIdConflict, WrongExpectedRevision } from '../store/errors.js';
import { supportsEventIdLookup } from '../store/port.js';
import { appendDecision, type AppendedDecision, type Decision } from './append-decision.js';
import { ConcurrencyConflict } from './errors.js';
import { ensureSameCommand, reusedElsewhere } from './idempotency.js';
import { mayBeReceipted, receiptFor } from './command-receipts.js';
import type { Appended } from './results.js';
import type { StreamCache } from '../streams/cache.js';
import { DomainError, type DomainEvent, type Fold } from '../domain/index.js';
import { loadStream, type EnvelopeFields, type Loaded } from '../streams/index.js';

/** What names a command: its id, type and (when a client sent it) digest. */
export type CommandNaming = Pick<
  EnvelopeFields,
  'commandId' | 'commandType' | 'commandDigest' | 'givenDigest'
>;

/** Where commands are handled: the store behind its stream cache, how often a revision conflict is retried, the clock. */
export interface Handling {
  readonly streams: StreamCache;
  readonly maxAttempts: number;
  /** What stamps a command that gives no instant (`at`). */
  readonly clock: () => Date;
}

export interface HandleOptions {
  /**
   * The command gave no instant: stamped before loading, it is stamped again when the stream
   * loaded holds a change dated after that stamp (another writer committed it meanwhile).
   */
  readonly stampAfterLoad?: boolean;
}

const overtaken = (
  options: HandleOptions,
  envelope: EnvelopeFields,
  loaded: { readonly lastOccurredAt?: Date },
): boolean =>
  options.stampAfterLoad === true &&
  loaded.lastOccurredAt !== undefined &&
  loaded.lastOccurredAt > envelope.occurredAt;

/**
 * Load, decide, append with the expected revision; on a revision conflict load again and
 * decide again. A domain refusal propagates at once: retrying cannot change the rules. A
 * command id already on the stream, or whose receipt says it changed nothing
 * (command-receipts.ts), returns what it recorded then and writes nothing.
 */
export async function handleCommand<S, E extends DomainEvent>(
  handling: Handling,
  stream: string,
  fold: Fold<S, E>,
  given: EnvelopeFields,
  decide: (loaded: Loaded<S>, envelope: EnvelopeFields) => Promise<Decision<E>>,
  options: HandleOptions = {},
): Promise<Appended<S>> {
  const { streams, clock } = handling;
  let idConflictSeen = false;
  for (let attempt = 1; ; attempt++) {
    const loaded = await streams.load(stream, fold, given.commandId);
    if (loaded.processed) return recorded(handling, stream, fold, loaded, given);
    const envelope = overtaken(options, given, loaded) ? { ...given, occurredAt: clock() } : given;
    try {
      // Inside the try: a decision that writes a side stream (a number, an allowance) may
      // itself meet a concurrent writer, and deciding again is the answer to that too.
      const decided = await decideOrAnswer(handling, stream, fold, given, () =>
        decide(loaded, envelope),
      );
      if ('answer' in decided) return decided.answer;
      const stored = await appendDecision(
        streams.store,
        stream,
        envelope,
        loaded.revision,
        decided.decision,
      );
      const { appended } = stored;
      if (stored.unchanged) {
        // Another execution of this command id stored its receipt first: it is the one that ran.
        const earlier = appended.alreadyStored
          ? await answeredByReceipt(handling, stream, fold, given)
          : undefined;
        return earlier ?? unchanged(stream, loaded, appended.position);
      }
      // Another execution of this very command stored it first (another process): it is the one that wrote.
      if (appended.alreadyStored) continue;
      return applied(streams, stream, fold, loaded, envelope, stored);
    } catch (error) {
      // The command changed nothing when it first ran: its receipt answers, whatever it decides now.
      if (mayBeReceipted(error, envelope.commandId)) {
        const earlier = await answeredByReceipt(handling, stream, fold, given);
        if (earlier) return earlier;
      }
      // An id this command derives is stored already, off its stream's revision: another
      // execution of it (another process) wrote first. Loading once more finds it done.
      const reused = reusedElsewhere(error, envelope.commandId, envelope.commandType);
      if (error instanceof EventIdConflict && reused === error && !idConflictSeen) {
        idConflictSeen = true;
        continue;
      }
      if (!(error instanceof WrongExpectedRevision)) throw reused;
      if (attempt >= handling.maxAttempts) throw new ConcurrencyConflict(stream, attempt);
      await backoff(attempt);
    }
  }
}

/**
 * The command decided, or answered by its receipt when it changed nothing the first time it
 * ran: refused now (a DomainError), or deciding nothing again.
 */
async function decideOrAnswer<S, E extends DomainEvent>(
  handling: Handling,
  stream: string,
  fold: Fold<S, E>,
  given: CommandNaming,
  decide: () => Promise<Decision<E>>,
): Promise<{ readonly decision: Decision<E> } | { readonly answer: Appended<S> }> {
  let decision: Decision<E>;
  try {
    decision = await decide();
  } catch (error) {
    const earlier =
      error instanceof DomainError
        ? await answeredByReceipt(handling, stream, fold, given)
        : undefined;
    if (earlier) return { answer: earlier };
    throw error;
  }
  // Nothing to record: a receipt of this command answers, before another is written. A store
  // that keeps an event id again in another stream (EventStoreDB) cannot refuse the marker a
  // receipt holds, so there the receipt is looked for before any decision is written.
  const nothing = Array.isArray(decision) && decision.length === 0;
  if (nothing || !supportsEventIdLookup(handling.streams.store)) {
    const earlier = await answeredByReceipt(handling, stream, fold, given);
    if (earlier) return { answer: earlier };
  }
  return { decision };
}

/** A command that changed nothing: the state it was decided on. */
const unchanged = <S>(stream: string, loaded: Loaded<S>, position: bigint): Appended<S> => ({
  stream,
  state: loaded.state,
  events: [],
  revision: loaded.revision,
  position,
  duplicate: false,
});

/** What an append recorded, folded onto the state it was decided on; the cache learns it. */
function applied<S, E extends DomainEvent>(
  streams: StreamCache,
  stream: string,
  fold: Fold<S, E>,
  loaded: Loaded<S>,
  envelope: EnvelopeFields,
  { events, encoded, appended }: AppendedDecision<E>,
): Appended<S> {
  let state = loaded.state;
  for (const event of events) state = fold.evolve(state, event);
  const first = appended.nextExpectedRevision - BigInt(events.length) + 1n;
  // Cache what was decided only if it is what the store now holds: a store that answers an
  // identical earlier append idempotently (EventStoreDB) reports an unmoved revision.
  if (first === loaded.revision + 1n) {
    streams.remember(
      stream,
      {
        state,
        revision: appended.nextExpectedRevision,
        commandIds: loaded.commandIds.add(envelope.commandId),
        lastOccurredAt: envelope.occurredAt,
      },
      fold,
    );
  }
  return {
    stream,
    state,
    events: events.map((event, i) => ({
      id: encoded[i]!.id,
      type: event.type,
      revision: first + BigInt(i),
      data: event.data,
    })),
    revision: appended.nextExpectedRevision,
    position: appended.position,
    duplicate: false,
  };
}

/** The first execution's outcome, rebuilt from what it recorded (`loaded` found it). */
export async function recorded<S, E extends DomainEvent>(
  handling: Handling,
  stream: string,
  fold: Fold<S, E>,
  loaded: Loaded<S>,
  envelope: CommandNaming,
): Promise<Appended<S>> {
  const { events: earlier } = loaded.processed!;
  ensureSameCommand(envelope.commandId, loaded.processed!, envelope);
  const last = earlier[earlier.length - 1]!;
  const asOf = await loadStream(handling.streams.store, stream, fold, {
    toRevision: last.revision,
  });
  const events = earlier.map(({ id, revision, event }) => ({
    id,
    type: event.type,
    revision,
    data: event.data,
  }));
  return {
    stream,
    state: asOf.state,
    events,
    revision: last.revision,
    position: last.position,
    duplicate: true,
  };
}

/**
 * The answer to a command id whose receipt says it changed nothing (command-receipts.ts): the
 * state it was decided on, no events. Undefined without a receipt; a receipt of another
 * stream is the id reused for another target.
 */
async function answeredByReceipt<S, E extends DomainEvent>(
  handling: Handling,
  stream: string,
  fold: Fold<S, E>,
  envelope: CommandNaming,
): Promise<Appended<S> | undefined> {
  const { store } = handling.streams;
  const receipt = await receiptFor(store, stream, envelope);
  if (!receipt) return undefined;
  const state =
    receipt.revision < 0n
      ? fold.initialState()
      : (await loadStream(store, stream, fold, { toRevision: receipt.revision })).state;
  return {
    stream,
    state,
    events: [],
    revision: receipt.revision,
    position: receipt.position,
    duplicate: true,
  };
}

/** Jittered exponential backoff, so racing writers stop colliding. */
export function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
