import { z } from 'zod';
import { calendarDefinition } from '../calendar/schema.js';
import {
  day,
  id,
  shortText,
  storedInstant,
  type CommandsOf,
  type EventsOf,
} from '../shared/schema.js';

/**
 * Engineers (and other staff who take work) as master data (C2, C3): the groups they belong
 * to, what they are skilled for, where they work, and when. Each engineer is one stream,
 * engineer-<id>; the id is an account id (eve), not a name: no personal data is stored here.
 */
export const ENGINEER_STREAM_PREFIX = 'engineer-';
export const engineerStreamName = (engineerId: string): string =>
  `${ENGINEER_STREAM_PREFIX}${engineerId}`;

/** What a skill is tied to: a product (item), an item group, or a service. */
export const skillKinds = ['product', 'item-group', 'service'] as const;
export const skill = z.strictObject({ kind: z.enum(skillKinds), id: shortText });
export type Skill = z.output<typeof skill>;

/** Where an engineer works: whole regions, or single sites. */
export const areaKinds = ['region', 'site'] as const;
export const area = z.strictObject({ kind: z.enum(areaKinds), id });
export type Area = z.output<typeof area>;

const profile = {
  /** The first day this profile holds; it holds until the next one's `from`. */
  from: day,
  groups: z.array(id).max(100).default([]),
  skills: z.array(skill).max(500).default([]),
  areas: z.array(area).max(500).default([]),
  /** When the engineer works: one of the business calendars (calendar/schema.ts). */
  calendar: calendarDefinition,
};

export const engineerCommandSchemas = {
  /**
   * The engineer's profile from a day on: a new version, as of `from`. The first defines the
   * engineer; each later one must start on or after the last one's day (history is appended).
   */
  DefineEngineer: z.strictObject({ engineerId: id, ...profile }),
  /** From this day on, the engineer takes no new work (no visits are booked for them). */
  RetireEngineer: z.strictObject({ engineerId: id, from: day }),
} as const;

export const engineerEventSchemas = {
  EngineerDefined: z.object({
    at: storedInstant,
    engineerId: id,
    from: day,
    groups: z.array(id),
    skills: z.array(skill),
    areas: z.array(area),
    calendar: calendarDefinition,
  }),
  EngineerRetired: z.object({ at: storedInstant, engineerId: id, from: day }),
} as const;

export type EngineerCommandType = keyof typeof engineerCommandSchemas;
export type EngineerCommand = CommandsOf<typeof engineerCommandSchemas>;
export type EngineerEvent = EventsOf<typeof engineerEventSchemas>;
