import { v5 as uuidv5 } from 'uuid';
import { callStreamName, CALLSTREAM_NAMESPACE, encodeEvents } from '../streams/index.js';
import {
  CALL_NUMBERS_STREAM,
  builtInServiceLevels,
  decideCall,
  evolveCall,
  formatCallNumber,
  type Actor,
  type CallCommand,
  type CallState,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';

const agent: Actor = { id: 'ann', role: 'agent' };
const engineer: Actor = { id: 'eve', role: 'engineer' };

/**
 * Writes `calls` realistic call histories quickly for the scale workload: the same deciders
 * as the pipeline, without its per-command round trips (W4 measures rebuilding, not writing).
 */
export async function generateCalls(
  store: EventStore,
  calls: number,
  onProgress?: (done: number) => void,
): Promise<number> {
  const chunk = 500;
  let events = 0;
  for (let first = 0; first < calls; first += chunk) {
    const appends: Array<Promise<unknown>> = [];
    for (let i = first; i < Math.min(calls, first + chunk); i++) {
      const callId = uuidv5(`bench/${i}`, CALLSTREAM_NAMESPACE);
      const at = (minute: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000 + minute * 60_000);
      const commands: CallCommand[] = [
        {
          type: 'LogCall',
          at: at(0),
          actor: agent,
          callId,
          number: formatCallNumber(BigInt(i + 1)),
          possibleDuplicates: [],
          serviceLevels: { version: builtInServiceLevels, source: 'built-in' },
          intake: { mode: 'knowledgeable', channel: 'phone' },
          reporter: { name: 'Claire Martin' },
          subject: { kind: 'customer', customerId: `customer-${i % 500}`, siteId: 'site-1' },
          item: { item: 'server-r740', serialNumber: `SRV-${i}` },
          description: 'Server does not boot',
          emergency: false,
        },
        {
          type: 'SetPriority',
          at: at(1),
          actor: agent,
          priority: 2,
          serviceLevels: builtInServiceLevels,
        },
        { type: 'AssignCall', at: at(2), actor: agent, group: 'servers-l1', engineer: 'eve' },
        {
          type: 'RecordDiagnosis',
          at: at(3),
          actor: engineer,
          symptom: 'No POST',
          cause: 'Power supply',
        },
        {
          type: 'TransferToSecondLine',
          at: at(4),
          actor: engineer,
          supportCentre: 'servers-l2',
          reason: 'Expert needed',
        },
        { type: 'BookTime', at: at(5), actor: engineer, labourType: 'remote', minutes: 30 },
        { type: 'BookTime', at: at(6), actor: engineer, labourType: 'remote', minutes: 45 },
        { type: 'ResolveCall', at: at(7), actor: engineer, solution: 'Replaced the power supply' },
        {
          type: 'AcceptSolution',
          at: at(8),
          actor: { id: 'contact-1', role: 'customer', customerId: `customer-${i % 500}` },
        },
        { type: 'CloseCall', at: at(9), actor: agent, acceptanceRequired: false },
      ] as CallCommand[];
      let state: CallState = null;
      const encoded = commands.flatMap((command, n) => {
        const decided = decideCall(command, state);
        for (const event of decided) state = evolveCall(state, event);
        const commandId = uuidv5(`bench/${i}/${n}`, CALLSTREAM_NAMESPACE);
        return encodeEvents(decided, callStreamName(callId), {
          actor: command.actor,
          occurredAt: command.at,
          commandId,
          commandType: command.type,
          correlationId: commandId,
          causationId: commandId,
        });
      });
      events += encoded.length + 1;
      const numberCommand = uuidv5(`bench/${i}/number`, CALLSTREAM_NAMESPACE);
      appends.push(
        store.appendToStream(
          CALL_NUMBERS_STREAM,
          encodeEvents([{ type: 'CallNumberAllocated', data: { callId } }], CALL_NUMBERS_STREAM, {
            actor: agent,
            occurredAt: at(0),
            commandId: numberCommand,
            commandType: 'LogCall',
            correlationId: numberCommand,
            causationId: numberCommand,
          }),
          { expectedRevision: 'any' },
        ),
      );
      appends.push(
        store.appendToStream(callStreamName(callId), encoded, { expectedRevision: 'no_stream' }),
      );
    }
    await Promise.all(appends);
    onProgress?.(Math.min(calls, first + chunk));
  }
  return events;
}
