import { z } from 'zod';

/**
 * A periodic seal over the global order of a store whose positions are a server's
 * (EventStoreDB's `$all`): a digest over a range of positions, recorded in the seals stream
 * (see audit/history-seals.ts). A position is EventStoreDB's pair of log positions, each
 * as decimal text (they are 64-bit).
 */
const logPosition = z.strictObject({
  commit: z.string().regex(/^\d{1,20}$/),
  prepare: z.string().regex(/^\d{1,20}$/),
});
const hexDigest = z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 digest as 64 lowercase hex digits');

export const historySealedEventSchemas = {
  HistorySealed: z.strictObject({
    /** The first event of the range (the first after the previous seal's `through`). */
    from: logPosition,
    /** The last event of the range. */
    through: logPosition,
    /** How many events of callstream's streams the range holds (system events and seals not counted). */
    events: z.number().int().positive(),
    /** The global chain the range starts from: the previous seal's `chain`, or the genesis value. */
    previousChain: hexDigest,
    /** The global chain through `through`: SHA-256(previous chain ‖ position ‖ stream hash) per event. */
    chain: hexDigest,
    /** An order-free digest of the range's stream hashes (their sum modulo 2²⁵⁶): an edit changes it, a reordering does not. */
    eventsDigest: hexDigest,
  }),
} as const;
