import type { Callstream } from '../callstream.js';
import type { WorkOutcome } from '../commands/automatic-work.js';
import { DomainError } from '../domain/index.js';
import { groupMembers, staff } from './organisation.js';
import { duringOfficeHours, MINUTE } from './office-hours.js';
import { sam } from './planned-setup.js';

/** The call's work on its day: done by the engineer routing gave it (else dispatched by hand), classified and closed. Returns the steps the rules stopped. */
export async function doTheWork(
  callstream: Callstream,
  outcome: WorkOutcome,
  until: Date,
  id: (label: string) => string,
): Promise<number> {
  if (!outcome.call) return 0;
  const group = outcome.serialNumber.startsWith('EXT-')
    ? 'facilities'
    : outcome.serialNumber.startsWith('UPS-')
      ? 'servers-l1'
      : 'print-l1';
  // Routing assigned the call when the planner logged it (issue 21); the dispatcher assigns
  // by hand only a call routing left without an engineer.
  const routedTo = (await callstream.call(outcome.call)).routing?.destination.engineer;
  const routed = Object.values(staff).find((s) => s.id === routedTo && s.role === 'engineer');
  const engineer = routed ?? (group === 'facilities' ? staff.otto : groupMembers[group][0]!);
  const preventive = outcome.channel === 'planner';
  const steps: Array<[number, Record<string, unknown>]> = [
    ...(routed
      ? []
      : [
          [30, { type: 'AssignCall', actor: sam, group, engineer: engineer.id }] as [
            number,
            Record<string, unknown>,
          ],
        ]),
    [60, { type: 'StartWork', actor: engineer }],
    [
      150,
      {
        type: 'ResolveCall',
        actor: engineer,
        solution: preventive
          ? 'Maintenance done as the plan prescribes'
          : 'Cause found and fixed on site',
      },
    ],
    [
      170,
      {
        type: 'ClassifyCall',
        actor: staff.ann,
        purpose: preventive ? 'on-site-maintenance' : 'product-defect',
      },
    ],
    [180, { type: 'CloseCall', actor: staff.ann }],
  ];
  // The staff work office hours: from the first opening at or after the due instant, each step in them.
  const start = duringOfficeHours(outcome.dueAt.getTime());
  const times: number[] = [];
  for (const [minutes] of steps)
    times.push(duringOfficeHours(Math.max(times.at(-1) ?? 0, start + minutes * MINUTE)));
  if (times.at(-1)! > until.getTime()) return 0;
  for (const [i, [, command]] of steps.entries()) {
    try {
      await callstream.executeJson({
        ...command,
        commandId: id(`${outcome.key}/${String(command.type)}`),
        at: new Date(times[i]!).toISOString(),
        call: outcome.call,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return steps.length - steps.findIndex(([, c]) => c === command);
    }
  }
  return 0;
}
