import { entryOf } from '../shared/objects.js';
import { z } from 'zod';
import { alwaysOpen, calendarDefinition, type CalendarDefinition } from '../calendar/index.js';
import { id, shortText } from '../shared/schema.js';

/**
 * Service-level rules are data (A5): which calendar each priority's clock counts on, how
 * long response and resolution may take, which waits stop the clock, and when to
 * escalate. A rule set has versions with effective dates; every call records the version
 * it used, so history is judged by the rules of its time and can be re-judged by others.
 */
export const holdKinds = [
  'waiting-for-customer',
  'waiting-for-parts',
  'waiting-for-third-party',
  'other',
] as const;
export type HoldKind = (typeof holdKinds)[number];

export const escalationLevels = ['warning', 'breach', 'supervisor'] as const;
export type EscalationLevel = (typeof escalationLevels)[number];

export const targetKinds = ['response', 'resolution'] as const;
export type TargetKind = (typeof targetKinds)[number];

/** Where a call's rules came from: its contract, its customer, the company default, or callstream's own. */
export const targetSources = ['contract', 'customer', 'company', 'built-in'] as const;
export type TargetSource = (typeof targetSources)[number];

const minutes = z
  .number()
  .int()
  .positive()
  .max(366 * 24 * 60);
const priorityKey = z.string().regex(/^[1-9]$/, 'A priority from 1 (most urgent) to 9');

export const serviceLevelRulesSchema = z
  .object({
    name: shortText,
    calendars: z.record(id, calendarDefinition),
    defaultPriority: z.number().int().min(1).max(9),
    priorities: z.record(
      priorityKey,
      z.object({ responseMinutes: minutes, resolutionMinutes: minutes, calendar: id }),
    ),
    /** Emergencies count on this calendar whatever their priority (usually 24×7). */
    emergencyCalendar: id.optional(),
    /** Multiplies a call's periods when its earlier solution did not hold (a bad fix): below 1 is faster. */
    badFixFactor: z.number().positive().max(10).default(1),
    /** The waits that stop the clock. */
    pauseOn: z.array(z.enum(holdKinds)).default(['waiting-for-customer']),
    /** Escalation levels at shares of a target's allowed time, e.g. 0.75 warn, 1 breach, 1.5 supervisor. */
    escalation: z
      .array(z.object({ share: z.number().positive().max(10), level: z.enum(escalationLevels) }))
      .default([
        { share: 0.75, level: 'warning' },
        { share: 1, level: 'breach' },
        { share: 1.5, level: 'supervisor' },
      ]),
    /** A target is at risk once this share of its allowed time is used. */
    atRiskShare: z.number().gt(0).max(1).default(0.75),
  })
  .superRefine((rules, ctx) => {
    const calendars = new Set(Object.keys(rules.calendars));
    for (const [priority, target] of Object.entries(rules.priorities)) {
      if (!calendars.has(target.calendar))
        ctx.addIssue({
          code: 'custom',
          path: ['priorities', priority, 'calendar'],
          message: `No calendar ${target.calendar} in this rule set`,
        });
      if (target.resolutionMinutes < target.responseMinutes)
        ctx.addIssue({
          code: 'custom',
          path: ['priorities', priority],
          message: 'Resolution may not be due before response',
        });
    }
    if (rules.emergencyCalendar && !calendars.has(rules.emergencyCalendar))
      ctx.addIssue({
        code: 'custom',
        path: ['emergencyCalendar'],
        message: `No calendar ${rules.emergencyCalendar} in this rule set`,
      });
    if (!rules.priorities[String(rules.defaultPriority)])
      ctx.addIssue({
        code: 'custom',
        path: ['defaultPriority'],
        message: 'The default priority needs targets',
      });
  });
export type ServiceLevelRules = z.output<typeof serviceLevelRulesSchema>;
export type ServiceLevelRulesInput = z.input<typeof serviceLevelRulesSchema>;

/** One published version of a rule set. */
export interface ServiceLevelVersion {
  readonly ruleSetId: string;
  readonly version: number;
  readonly effectiveFrom: Date;
  readonly rules: ServiceLevelRules;
}

/** The version a call uses, and why that one. */
export interface AppliedServiceLevels {
  readonly version: ServiceLevelVersion;
  readonly source: TargetSource;
}

/**
 * callstream's own rules when nobody published any: wall-clock (24×7) targets by priority.
 * Written out whole, defaults included, rather than parsed: importing the domain then
 * validates nothing and does not wake ICU's time-zone data (a CLI start-up cost). A test
 * checks that the schema reads them back unchanged.
 */
export const builtInServiceLevels: ServiceLevelVersion = {
  ruleSetId: 'standard',
  version: 1,
  effectiveFrom: new Date(0),
  rules: {
    name: 'callstream standard (24×7)',
    calendars: { '24x7': alwaysOpen },
    defaultPriority: 3,
    priorities: {
      1: { responseMinutes: 30, resolutionMinutes: 4 * 60, calendar: '24x7' },
      2: { responseMinutes: 2 * 60, resolutionMinutes: 8 * 60, calendar: '24x7' },
      3: { responseMinutes: 4 * 60, resolutionMinutes: 24 * 60, calendar: '24x7' },
      4: { responseMinutes: 8 * 60, resolutionMinutes: 3 * 24 * 60, calendar: '24x7' },
      5: { responseMinutes: 24 * 60, resolutionMinutes: 10 * 24 * 60, calendar: '24x7' },
    },
    badFixFactor: 1,
    pauseOn: ['waiting-for-customer'],
    escalation: [
      { share: 0.75, level: 'warning' },
      { share: 1, level: 'breach' },
      { share: 1.5, level: 'supervisor' },
    ],
    atRiskShare: 0.75,
  },
};

export function calendarOf(rules: ServiceLevelRules, calendarId: string): CalendarDefinition {
  return entryOf(rules.calendars, calendarId) ?? alwaysOpen;
}
