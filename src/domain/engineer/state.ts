import type { CalendarDefinition } from '../calendar/schema.js';
import type { Area, Skill } from './schemas.js';

/** One version of an engineer's profile: what holds from `from` until the next version. */
export interface EngineerProfile {
  readonly from: string;
  readonly groups: readonly string[];
  readonly skills: readonly Skill[];
  readonly areas: readonly Area[];
  readonly calendar: CalendarDefinition;
}

export interface Engineer {
  readonly engineerId: string;
  /** In order of `from`; a later version on the same day replaces the earlier one. */
  readonly versions: readonly EngineerProfile[];
  readonly retiredFrom?: string;
}

export type EngineerState = Engineer | null;

export const initialEngineerState = (): EngineerState => null;

/** The profile that holds on a day (YYYY-MM-DD), or undefined before the first or once retired. */
export function engineerAsOf(state: EngineerState, day: string): EngineerProfile | undefined {
  if (state === null) return undefined;
  if (state.retiredFrom !== undefined && day >= state.retiredFrom) return undefined;
  let found: EngineerProfile | undefined;
  for (const version of state.versions) if (version.from <= day) found = version;
  return found;
}

/** Whether an engineer is skilled for something (a product, item group or service). */
export const hasSkill = (profile: EngineerProfile, wanted: Skill): boolean =>
  profile.skills.some((s) => s.kind === wanted.kind && s.id === wanted.id);

/** Whether an engineer works in a region or at a site. */
export const worksIn = (profile: EngineerProfile, wanted: Area): boolean =>
  profile.areas.some((a) => a.kind === wanted.kind && a.id === wanted.id);
