import { v4 as uuid } from 'uuid';
import type { CommandResult } from '../commands/pipeline.js';
import type { Actor } from '../domain/index.js';

const agent: Actor = { id: 'ann', role: 'agent' };
const engineer: Actor = { id: 'eve', role: 'engineer' };
const customer: Actor = { id: 'contact-1', role: 'customer', customerId: 'acme' };

/** W1's ten commands for one call: log, priority, assign, diagnose, transfer, two bookings, resolve, accept, close. */
export function lifecycleCommands(
  i: number,
  at: (step: number) => string,
): Array<(call: string) => Record<string, unknown>> {
  const base =
    (type: string, actor: Actor, step: number, fields: Record<string, unknown>) =>
    (call: string) => ({ type, commandId: uuid(), actor, at: at(step), call, ...fields });
  return [
    () => ({
      type: 'LogCall',
      commandId: uuid(),
      actor: agent,
      at: at(0),
      intake: { mode: 'knowledgeable', channel: 'phone' },
      reporter: { name: 'Claire Martin', email: 'claire.martin@acme.example' },
      subject: { kind: 'customer', customerId: 'acme', siteId: 'acme-paris' },
      item: { item: 'server-r740', serialNumber: `SRV-${i}` },
      description: 'Server does not boot, three beeps at start',
    }),
    base('SetPriority', agent, 1, { priority: 2, reason: 'Production server' }),
    base('AssignCall', agent, 2, { group: 'servers-l1', engineer: 'eve' }),
    base('RecordDiagnosis', engineer, 3, {
      symptom: 'No POST, three beeps',
      cause: 'Power supply',
    }),
    base('TransferToSecondLine', engineer, 4, {
      supportCentre: 'servers-l2',
      reason: 'Needs a firmware expert',
    }),
    base('BookTime', engineer, 5, { labourType: 'remote', minutes: 30 }),
    base('BookTime', engineer, 6, { labourType: 'remote', minutes: 45 }),
    base('ResolveCall', engineer, 7, {
      solution: 'Replaced the power supply and updated the firmware',
    }),
    base('AcceptSolution', customer, 8, {}),
    base('CloseCall', agent, 9, {}),
  ];
}

export interface LifecycleResult {
  readonly commands: number;
  readonly seconds: number;
  readonly commandsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
}

/** Anything that executes commands: the pipeline itself, or the Callstream facade with its inline projections. */
export interface Executes {
  /** The lifecycle's commands are built as data: the untyped entry, validated at run time. */
  executeJson(command: unknown): Promise<unknown>;
}

/**
 * Drives `calls` calls through W1 with `concurrency` callers, each taking the next call when
 * done; calls are numbered from `first` (their serial numbers and instants follow).
 */
export async function runLifecycle(
  pipeline: Executes,
  calls: number,
  concurrency: number,
  first = 0,
): Promise<number[]> {
  const latencies: number[] = [];
  let next = first;
  calls += first;
  const start = Date.parse('2026-11-23T08:00:00Z');
  const caller = async () => {
    while (next < calls) {
      const i = next++;
      const steps = lifecycleCommands(i, (step) =>
        new Date(start + i * 60_000 + step * 1000).toISOString(),
      );
      let number = '';
      for (const step of steps) {
        const t = performance.now();
        const result = (await pipeline.executeJson(step(number))) as CommandResult;
        latencies.push(performance.now() - t);
        number = result.number;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return latencies;
}
