import { z } from 'zod';

/**
 * A command that changed nothing (an escalation that found no level reached) still names
 * one command forever: its receipt, in a stream of its own, says which stream it was decided
 * on and at which revision, so a resend is answered from it instead of being decided anew.
 * Its metadata is the command's envelope (actor, instant, type, digest).
 */
export const COMMAND_RECEIPT_STREAM_PREFIX = 'command-';

export const commandReceiptEventSchemas = {
  CommandChangedNothing: z.strictObject({
    /** The stream the command acted on. */
    stream: z.string().min(1),
    /** That stream's revision when it was decided: -1 when it did not exist. */
    revision: z.number().int().min(-1),
  }),
} as const;
