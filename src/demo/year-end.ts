import { customers, staff } from './organisation.js';
import { italianCalendar, nextFrenchRules, serviceLevelRules } from './setup.js';
import { duringOfficeHours } from './office-hours.js';

/**
 * The administrator's year-end work, done on the first working day from 15 December of
 * every year the simulation runs into the next: the customers' contracts are renewed for
 * another year (those that ended during the year are not: the customer left), and next
 * year's service levels are published on office calendars with next year's holidays, so
 * validation, coverage and service-level clocks hold across the new year as they did in
 * this one. Price lists, billing policies and maintenance plans carry no end: they hold.
 */
export function yearEndCommands(year: number, firstYear: number): Array<Record<string, unknown>> {
  const at = yearEndOf(year).toISOString();
  const next = year + 1;
  const commands: Array<Record<string, unknown>> = [];
  for (const customer of customers) {
    if (customer.contractUntil) continue;
    commands.push({
      type: 'RenewContract',
      actor: staff.sam,
      at,
      contractId: `${customer.id}-${firstYear}`,
      until: `${next}-12-31`,
    });
  }
  // The first year's set-up published next year's French rules with New Year's Day alone: this completes their holidays.
  commands.push({
    type: 'PublishServiceLevels',
    actor: staff.sam,
    at,
    ruleSetId: 'fr-office',
    effectiveFrom: `${next}-01-01T00:00:00Z`,
    rules: nextFrenchRules(next),
  });
  commands.push({
    type: 'PublishServiceLevels',
    actor: staff.sam,
    at,
    ruleSetId: 'it-office',
    effectiveFrom: `${next}-01-01T00:00:00Z`,
    rules: serviceLevelRules('Italy, office hours', italianCalendar(next)),
  });
  return commands;
}

/** When the year-end work is done: the first working day from 15 December, at opening. */
export function yearEndOf(year: number): Date {
  return new Date(duringOfficeHours(Date.UTC(year, 11, 15, 8)));
}
