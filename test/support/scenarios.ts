import type { Callstream } from '../../src/callstream.js';
import { command, logCallRequest, staff } from './pipeline.js';

/** A server repaired at the depot under an RMA, with everything staff-only that could leak. */
export async function depotRepair(callstream: Callstream, canary = 'INTERNAL-CANARY') {
  const call = await callstream.execute(logCallRequest({ customerReference: 'PO-4711' }));
  const n = call.number;
  const steps = [
    command({
      type: 'EvaluateCall',
      call: n,
      category: `hardware ${canary}`,
      impact: 'high',
      summary: `triage ${canary}`,
    }),
    command({
      type: 'AssignCall',
      call: n,
      group: 'servers-l1',
      engineer: 'eve',
      reason: `routing ${canary}`,
    }),
    command({ type: 'StartWork', actor: staff.eve, call: n }),
    command({
      type: 'AddFollowUp',
      actor: staff.carl,
      call: n,
      text: 'It beeps three times at start',
    }),
    command({
      type: 'RecordDiagnosis',
      actor: staff.eve,
      call: n,
      symptom: 'No POST, three beeps',
      cause: `PSU rail fault ${canary}`,
    }),
    command({
      type: 'AddInternalNote',
      actor: staff.eve,
      call: n,
      text: `Customer dropped it ${canary}`,
    }),
    command({ type: 'AuthoriseRma', actor: staff.eve, call: n, depot: 'depot-lyon' }),
    command({ type: 'ReceiveRmaItem', actor: staff.eve, call: n, transferId: 'T1' }),
    command({
      type: 'RecordRmaRepair',
      actor: staff.eve,
      call: n,
      transferId: 'T1',
      report: `Replaced PSU ${canary}`,
    }),
    command({
      type: 'ShipRmaItem',
      actor: staff.eve,
      call: n,
      transferId: 'T1',
      trackingNumber: 'TRACK-123',
    }),
    command({
      type: 'BookTime',
      actor: staff.eve,
      call: n,
      labourType: 'depot',
      minutes: 95,
      note: `bench ${canary}`,
    }),
    command({
      type: 'BookCost',
      actor: staff.eve,
      call: n,
      category: 'freight',
      description: `Courier ${canary}`,
      amount: { amount: 3900, currency: 'EUR' },
    }),
    command({
      type: 'RecordDiagnosis',
      actor: staff.eve,
      call: n,
      solution: 'Power supply replaced at the depot',
    }),
    command({
      type: 'ResolveCall',
      actor: staff.eve,
      call: n,
      solution: 'Power supply replaced at the depot',
    }),
    command({ type: 'AcceptSolution', actor: staff.carl, call: n, note: 'Runs fine, thanks' }),
    command({ type: 'CloseCall', call: n }),
  ];
  for (const step of steps) await callstream.execute(step);
  return call;
}
