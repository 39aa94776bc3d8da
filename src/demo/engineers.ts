import type { CalendarDefinition } from '../domain/index.js';
import { customers, groupMembers, groups, items, type DemoEquipment } from './organisation.js';
import { frenchCalendar, italianCalendar } from './setup.js';

/** The regions the company serves: a site's country. */
export type Region = 'france' | 'italy';
export const regionOfSite = (siteId: string): Region | undefined => {
  for (const customer of customers)
    for (const site of customer.sites)
      if (site.id === siteId) return site.country === 'FR' ? 'france' : 'italy';
  return undefined;
};

/** The items each first-line group looks after (plan-parties.ts routes calls by the same split). */
export const groupItems: Readonly<Record<(typeof groups)[number], readonly string[]>> = {
  'servers-l1': ['server-r740', 'ups-3000'],
  'workplace-l1': ['pc-optiplex', 'laptop-latitude'],
  'print-l1': ['copier-mx5'],
  'network-l1': ['router-isr'],
};

/** An engineer as the demo defines them: where they work and on which office's calendar. */
export interface DemoEngineer {
  readonly id: string;
  readonly regions: readonly Region[];
  /** The office whose calendar they work by. */
  readonly office: 'paris' | 'rome';
}

/** Eve and Inès work out of Paris and serve France; Luca and Otto work out of Rome and serve both countries. */
export const demoEngineers: readonly DemoEngineer[] = [
  { id: 'eve', regions: ['france'], office: 'paris' },
  { id: 'luca', regions: ['italy', 'france'], office: 'rome' },
  { id: 'ines', regions: ['france'], office: 'paris' },
  { id: 'otto', regions: ['italy', 'france'], office: 'rome' },
];

/** The groups an engineer is a member of, in the organisation's order. */
export const groupsOf = (engineerId: string) =>
  groups.filter((group) => groupMembers[group].some((member) => member.id === engineerId));

/** An engineer's skills: the products of their groups, and on-site and depot repair. */
export const skillsOf = (engineerId: string) => [
  ...items
    .filter((item) => groupsOf(engineerId).some((group) => groupItems[group].includes(item)))
    .map((item) => ({ kind: 'product' as const, id: item })),
  { kind: 'service' as const, id: 'on-site-repair' },
  { kind: 'service' as const, id: 'depot-repair' },
];

export const calendarOf = (engineer: DemoEngineer, year: number): CalendarDefinition =>
  engineer.office === 'paris' ? frenchCalendar(year) : italianCalendar(year);

/** Whether the engineer may be sent to the unit: they serve its region and know the product. */
export const canVisit = (engineer: DemoEngineer, unit: DemoEquipment): boolean => {
  const region = regionOfSite(unit.siteId);
  return (
    region !== undefined &&
    engineer.regions.includes(region) &&
    skillsOf(engineer.id).some((s) => s.kind === 'product' && s.id === unit.item)
  );
};

/** A planned absence: days (UTC instants of the office's day) the engineer is away. */
export interface DemoAbsence {
  readonly engineerId: string;
  readonly absenceId: string;
  readonly absence: 'leave' | 'training';
  readonly from: string;
  readonly until: string;
}

/** The year's absences over the demo's weeks (November and December): leave and training. */
export const demoAbsences = (year: number): readonly DemoAbsence[] => [
  absence('eve', 'eve-training-nov', 'training', `${year}-11-05`, `${year}-11-07`),
  absence('otto', 'otto-leave-nov', 'leave', `${year}-11-16`, `${year}-11-21`),
  absence('ines', 'ines-training-nov', 'training', `${year}-11-25`, `${year}-11-26`),
  absence('luca', 'luca-leave-dec', 'leave', `${year}-12-07`, `${year}-12-12`),
  absence('eve', 'eve-leave-dec', 'leave', `${year}-12-21`, `${year}-12-26`),
];

/** Away from the start of `from` to the start of `until` (UTC days). */
const absence = (
  engineerId: string,
  absenceId: string,
  kind: DemoAbsence['absence'],
  from: string,
  until: string,
): DemoAbsence => ({
  engineerId,
  absenceId,
  absence: kind,
  from: `${from}T00:00:00Z`,
  until: `${until}T00:00:00Z`,
});

/** The engineers' master data and absences, as the supervisor records them. */
export function engineerCommands(year: number): Array<Record<string, unknown>> {
  return [
    ...demoEngineers.map((engineer) => ({
      type: 'DefineEngineer',
      engineerId: engineer.id,
      from: `${year}-01-01`,
      groups: groupsOf(engineer.id),
      skills: skillsOf(engineer.id),
      areas: engineer.regions.map((id) => ({ kind: 'region', id })),
      calendar: calendarOf(engineer, year),
    })),
    ...demoAbsences(year).map((a) => ({ type: 'RecordAbsence', ...a })),
  ];
}
