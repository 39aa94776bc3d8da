import type { z } from 'zod';
import type { CallCommandType } from '../domain/index.js';
import type { AggregateResult, CommandResult } from './results.js';
import type { AggregateCommandType, CommandInputSchemas } from './schemas.js';

/**
 * The commands a caller may send, typed from the boundary's own zod schemas (schemas.ts):
 * a request is `z.input` of its command's schema, so a misspelt type or field, a missing
 * one or an unknown role fails to compile, and the types cannot drift from what the
 * pipeline validates. Untyped input (a JSON line, an HTTP body) goes through
 * `executeJson`, which validates it the same way at run time.
 */

/** Every command type the pipeline accepts: the call's and every other aggregate's. */
export type CommandType = CallCommandType | AggregateCommandType;

/** What a caller passes for a command of type T: instants as Dates or ISO strings, defaults left out. */
export type CommandRequestOf<T extends CommandType> = T extends CommandType
  ? z.input<CommandInputSchemas[T]>
  : never;

/** Any command, as a caller passes it: a union discriminated by `type`. */
export type CommandRequest = CommandRequestOf<CommandType>;
/** A command on a call (LogCall, AssignCall, …). */
export type CallCommandRequest = CommandRequestOf<CallCommandType>;
/** A command on another aggregate (customers, contracts, equipment, price lists, billing, …). */
export type AggregateCommandRequest = CommandRequestOf<AggregateCommandType>;

/** What each command answers: a call command its call, any other its aggregate's result. */
export type CommandResults = Readonly<Record<CallCommandType, CommandResult>> &
  Readonly<Record<AggregateCommandType, AggregateResult>>;
export type CommandResultOf<T extends CommandType> = CommandResults[T];

/** Whether a result is a call command's (it names the call and carries the call's state). */
export function isCallResult(result: CommandResult | AggregateResult): result is CommandResult {
  return !('aggregate' in result);
}

/** Whether a result is another aggregate's (customer, contract, request, invoice, …). */
export function isAggregateResult(
  result: CommandResult | AggregateResult,
): result is AggregateResult {
  return 'aggregate' in result;
}
