import { useAfter, withUseReplaced, type AllowanceEvent } from '../domain/index.js';
import type { Document, Documents } from './types.js';

/**
 * What each contract line's limits have given out, per period (D2), in the billing read
 * model: a line's sums, and each call's use in a document of its own. A line that counts
 * over the contract's whole term gathers years of calls, so a call billed rewrites its own
 * use and the sums, never a list of every call.
 */
export const ALLOWANCES = 'allowances';
export const ALLOWANCE_USES = 'allowanceUses';

export interface AllowanceDocument extends Document {
  key: string;
  /** The contract whose line this is: indexed, so one contract's allowances are read alone. */
  contractId: string;
  lineId: string;
  period: string;
  minutes: number;
  visits: number;
  /** How many calls draw on it. */
  calls: number;
}

/** One call's use of a line's limits: where included hours went, call by call. */
export interface AllowanceUseDocument extends Document {
  /** The allowance's key (contract, line, period). */
  key: string;
  callId: string;
  contractId: string;
  minutes: number;
  visits: number;
  /** When the call last took what it takes now: when it was billed. */
  at: string;
}

export const allowanceCollections = {
  [ALLOWANCES]: { indexes: [['contractId']] },
  // A line's calls in the order they were billed.
  [ALLOWANCE_USES]: { indexes: [['key', 'at']] },
};

const useKey = (key: string, callId: string): string => `${key} ${callId}`;

const unused = (
  key: string,
  { contractId, lineId, period }: { contractId: string; lineId: string; period: string },
): AllowanceDocument => ({ key, contractId, lineId, period, minutes: 0, visits: 0, calls: 0 });

/** An allowance stream's event, folded into its line's sums and the call's use. */
export function applyAllowance(
  streamName: string,
  event: AllowanceEvent,
  documents: Documents,
): void {
  const key = streamName.slice('allowance-'.length);
  const { callId } = event.data;
  // A release follows its consumption in the stream: without one, nothing was given out.
  const line =
    documents.get<AllowanceDocument>(ALLOWANCES, key) ??
    (event.type === 'AllowanceConsumed' ? unused(key, event.data) : undefined);
  if (!line) return;
  const use = useKey(key, callId);
  const before = documents.get<AllowanceUseDocument>(ALLOWANCE_USES, use);
  const after = useAfter(event);
  const sums: AllowanceDocument = {
    ...line,
    ...withUseReplaced(line, before, after),
    calls: line.calls - (before ? 1 : 0) + (after ? 1 : 0),
  };
  if (after) {
    const at = event.data.at.toISOString();
    const document: AllowanceUseDocument = {
      key,
      callId,
      contractId: line.contractId,
      ...after,
      at,
    };
    documents.put(ALLOWANCE_USES, use, document);
  } else if (before) documents.delete(ALLOWANCE_USES, use);
  documents.put(ALLOWANCES, key, sums);
}
