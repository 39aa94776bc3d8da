import {
  DomainError,
  mayEscalate,
  type Actor,
  type EscalationLevel,
  type TargetKind,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import type { CommandResult } from './results.js';
import type { CommandRequestOf } from './requests.js';
import { callStreamName, nameUuid } from '../streams/index.js';

export interface EscalationReport {
  readonly asOf: string;
  readonly calls: number;
  /** Calls changed after `asOf`: not escalated as of an instant they have already left behind. */
  readonly overtaken: number;
  readonly escalations: ReadonlyArray<{
    number: string;
    target: TargetKind;
    level: EscalationLevel;
    share: number;
  }>;
}

/** An open call as the board shows it: enough to tell whether judging it could escalate anything. */
export interface EscalationCandidate {
  readonly callId: string;
  readonly reportedAt: string;
  readonly status: string;
  readonly respondedAt: string | null;
  readonly escalations: readonly string[];
}

export interface EscalationPorts {
  readonly store: EventStore;
  /** The open calls (the board). */
  openCalls(): Iterable<EscalationCandidate>;
  /** What judging the call as of the instant would do (domain escalationOutlook). */
  outlook(callId: string, asOf: Date): Promise<'due' | 'nothing' | 'overtaken'>;
  execute(command: CommandRequestOf<'EscalateServiceLevel'>): Promise<CommandResult>;
}

/**
 * The escalation process for an instant (no hidden timers: the embedding application or
 * the CLI decides when). Every open call is judged; each newly reached level is recorded
 * once — the command id derives from the call and the instant — so running it twice for
 * an instant, or again later, never escalates twice. `knownBy`: judge only the calls
 * recorded up to that store position — what a process replaying its routines saw then,
 * though the store now holds calls recorded later and reported earlier (backdated work,
 * like planned calls received on their due day).
 */
export async function escalate(
  ports: EscalationPorts,
  asOf: Date,
  actor: Actor,
  options: { knownBy?: bigint } = {},
): Promise<EscalationReport> {
  let calls = 0;
  let overtaken = 0;
  const escalations: Array<EscalationReport['escalations'][number]> = [];
  for (const row of ports.openCalls()) {
    if (Date.parse(row.reportedAt) > asOf.getTime()) continue;
    calls++;
    // Every level already recorded, or its clock stopped: judging it would write nothing. Open
    // calls pile up over years; this keeps a day's escalation to the calls still escalating.
    if (!mayEscalate(row, asOf)) continue;
    if (
      options.knownBy !== undefined &&
      (await loggedAt(ports.store, row.callId)) > options.knownBy
    )
      continue;
    // Only a call with a level due is sent a command: one that would change nothing would
    // leave a receipt (commands/command-receipts.ts) per running call and run.
    const outlook = await ports.outlook(row.callId, asOf);
    if (outlook === 'overtaken') overtaken++;
    if (outlook !== 'due') continue;
    const result = await ports
      .execute({
        type: 'EscalateServiceLevel',
        commandId: nameUuid(`escalation/${row.callId}/${asOf.toISOString()}`),
        actor,
        call: row.callId,
        asOf,
        at: asOf,
      })
      .catch((error: unknown) => {
        // The call changed after this instant: judging it as of then would write history backwards.
        if (error instanceof DomainError && error.code === 'OutOfOrder') return undefined;
        throw error;
      });
    if (!result) {
      overtaken++;
      continue;
    }
    if (result.duplicate) continue; // this instant was already escalated
    for (const event of result.events) {
      if (event.type === 'ServiceLevelEscalated')
        escalations.push({
          number: result.number,
          ...(event.data as { target: TargetKind; level: EscalationLevel; share: number }),
        });
    }
  }
  return { asOf: asOf.toISOString(), calls, overtaken, escalations };
}

/** The store position a call was logged at (its stream's first event). */
async function loggedAt(store: EventStore, callId: string): Promise<bigint> {
  for await (const first of store.readStream(callStreamName(callId), { maxCount: 1 }))
    return first.position;
  throw new DomainError('CallNotFound', `No call ${callId}`);
}
