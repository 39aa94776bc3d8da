import type { CalendarDefinition } from '../domain/index.js';
import {
  customers,
  facilitiesMembers,
  groupMembers,
  groupOfItemGroup,
  groups,
  itemGroupOf,
  itemGroups,
  items,
  type DemoEquipment,
} from './organisation.js';
import { frenchCalendar, italianCalendar } from './setup.js';

/** The service regions the company serves: a site's country (master data: AddSite.region). */
export const regions = ['france', 'italy'] as const;
export type Region = (typeof regions)[number];
export const regionOfCountry = (country: string): Region => (country === 'FR' ? 'france' : 'italy');
export const regionOfSite = (siteId: string): Region | undefined => {
  for (const customer of customers)
    for (const site of customer.sites) if (site.id === siteId) return regionOfCountry(site.country);
  return undefined;
};

/** The items a first-line group looks after (their item groups, as the item master says). */
export const itemsOfGroup = (group: (typeof groups)[number]): readonly string[] =>
  items.filter((item) => groupOfItemGroup[itemGroupOf(item)] === group);

/** An engineer as the demo defines them: where they work and on which office's calendar. */
export interface DemoEngineer {
  readonly id: string;
  readonly regions: readonly Region[];
  /** The office whose calendar they work by. */
  readonly office: 'paris' | 'rome';
}

/**
 * Five engineers work out of Paris and serve France, four out of Rome and serve Italy: about
 * the split of the calls (more French sites, most of Acme's PCs in Paris).
 */
export const demoEngineers: readonly DemoEngineer[] = [
  { id: 'eve', regions: ['france'], office: 'paris' },
  { id: 'luca', regions: ['italy'], office: 'rome' },
  { id: 'ines', regions: ['france'], office: 'paris' },
  { id: 'otto', regions: ['italy'], office: 'rome' },
  { id: 'hugo', regions: ['france'], office: 'paris' },
  { id: 'lea', regions: ['france'], office: 'paris' },
  { id: 'remi', regions: ['france'], office: 'paris' },
  { id: 'sara', regions: ['italy'], office: 'rome' },
  { id: 'paolo', regions: ['italy'], office: 'rome' },
];

/** The groups an engineer is a member of, in the organisation's order. */
export const groupsOf = (engineerId: string) =>
  groups.filter((group) => groupMembers[group].some((member) => member.id === engineerId));

/** Every group an engineer's profile names: their first-line groups, and facilities (planned work). */
const profileGroupsOf = (engineerId: string): string[] => [
  ...groupsOf(engineerId),
  ...(facilitiesMembers.some((m) => m.id === engineerId) ? ['facilities'] : []),
];

/** An engineer's skills: the item groups and products of their groups, and on-site and depot repair. */
export const skillsOf = (engineerId: string) => [
  ...itemGroups
    .filter((g) => groupsOf(engineerId).includes(groupOfItemGroup[g]))
    .map((g) => ({ kind: 'item-group' as const, id: g })),
  ...items
    .filter((item) => groupsOf(engineerId).some((group) => itemsOfGroup(group).includes(item)))
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
  absence('hugo', 'hugo-training-nov', 'training', `${year}-11-10`, `${year}-11-12`),
  absence('sara', 'sara-leave-nov', 'leave', `${year}-11-23`, `${year}-11-28`),
  absence('lea', 'lea-training-dec', 'training', `${year}-12-02`, `${year}-12-04`),
  absence('remi', 'remi-leave-dec', 'leave', `${year}-12-14`, `${year}-12-19`),
  absence('paolo', 'paolo-leave-nov', 'leave', `${year}-11-02`, `${year}-11-05`),
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
      groups: profileGroupsOf(engineer.id),
      skills: skillsOf(engineer.id),
      areas: engineer.regions.map((id) => ({ kind: 'region', id })),
      calendar: calendarOf(engineer, year),
    })),
    ...demoAbsences(year).map((a) => ({ type: 'RecordAbsence', ...a })),
  ];
}
