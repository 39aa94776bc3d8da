import { expect } from 'vitest';
import { openTransfers, type Call } from '../../src/domain/index.js';

const OPEN = ['Registered', 'Assigned', 'InProcess', 'Transferred'];

function expectSequentialIds(prefix: string, collection: Readonly<Record<string, unknown>>): void {
  const ids = Object.keys(collection);
  expect(ids.sort()).toEqual(ids.map((_, i) => `${prefix}${i + 1}`).sort());
}

/** What must hold of a call after any sequence of commands, accepted or refused. */
export function expectCallInvariants(call: Call): void {
  expect(call.status === 'Transferred', `Transferred iff a transfer is open (${call.status})`).toBe(
    openTransfers(call).length > 0,
  );
  if (call.onHold) expect(OPEN).toContain(call.status);
  if (call.status === 'Solved' || call.status === 'Accepted') expect(call.resolution).toBeDefined();
  if (call.status === 'Accepted') expect(call.acceptance).toBeDefined();
  if (call.status === 'Closed' || call.status === 'Archived') {
    expect(call.closure).toBeDefined();
    if (!call.closure!.cancelled) expect(call.resolution).toBeDefined();
    expect(openTransfers(call)).toEqual([]);
  }
  if (call.status === 'Archived') expect(call.archivedAt).toBeDefined();
  if (call.resolution) expect(['Solved', 'Accepted', 'Closed', 'Archived']).toContain(call.status);
  expectSequentialIds('F', call.followUps);
  expectSequentialIds('N', call.notes);
  expectSequentialIds('T', call.transfers);
  expectSequentialIds('B', call.bookings);
  const sl = call.serviceLevel!;
  // Targets are never earlier than the reported time; while the clock stands still there are none.
  if (sl.pausedSince === undefined) {
    expect(sl.responseDueAt!.getTime()).toBeGreaterThanOrEqual(call.reportedAt.getTime());
    expect(sl.resolutionDueAt!.getTime()).toBeGreaterThanOrEqual(sl.responseDueAt!.getTime());
  }
  if (call.onHold) expect(call.holds[call.onHold.holdId]?.to).toBeUndefined();
  for (const hold of Object.values(call.holds))
    if (hold.to) expect(hold.to.getTime()).toBeGreaterThanOrEqual(hold.from.getTime());
  for (const transfer of Object.values(call.transfers)) {
    if (transfer.kind === 'on-site' && transfer.actualEnd)
      expect(transfer.actualStart).toBeDefined();
    if (transfer.kind === 'depot-repair' && transfer.shippedAt)
      expect(transfer.repairedAt).toBeDefined();
  }
}
