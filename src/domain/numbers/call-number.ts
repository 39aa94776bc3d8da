import { z } from 'zod';

/**
 * Call numbers (A3) are allocated through the event store itself: every allocation is an
 * event on one stream, and the number is the revision it landed at, plus one. Unique and
 * strictly increasing under any concurrency; a number whose call was then refused is a
 * tolerated gap.
 */
export const CALL_NUMBERS_STREAM = 'call-numbers';

/** The number itself is not in the event: it is the revision the event landed at, plus one. */
export const callNumberEventSchemas = {
  CallNumberAllocated: z.object({ callId: z.uuid() }),
} as const;

const WIDTH = 6;

export function formatCallNumber(sequence: bigint): string {
  return `C-${sequence.toString().padStart(WIDTH, '0')}`;
}

/** The sequence of a number such as C-000042, or undefined when it is not a call number. */
export function parseCallNumber(number: string): bigint | undefined {
  const match = /^C-(\d+)$/.exec(number.trim().toUpperCase());
  return match ? BigInt(match[1]!) : undefined;
}

/** Stream revision r holds number r + 1. */
export const callNumberRevision = (sequence: bigint): bigint => sequence - 1n;
export const callNumberAt = (revision: bigint): string => formatCallNumber(revision + 1n);
