import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import type { CallstreamOptions } from '../../src/callstream-options.js';
import { officeCalendar, alwaysOpen, type ServiceLevelRulesInput } from '../../src/domain/index.js';
import { logCallRequest, staff } from './pipeline.js';

/** Service levels of an office in Paris: working hours, lunch excluded, the company default. */
export const paris = (holidays: string[] = []) =>
  officeCalendar({
    id: 'paris-office',
    timeZone: 'Europe/Paris',
    holidays,
    hours: [
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '17:00' },
    ],
  });

export const rules = (overrides: Partial<ServiceLevelRulesInput> = {}): ServiceLevelRulesInput => ({
  name: 'Office hours, Paris',
  calendars: { 'paris-office': paris(), '24x7': alwaysOpen },
  defaultPriority: 3,
  priorities: {
    1: { responseMinutes: 60, resolutionMinutes: 4 * 60, calendar: 'paris-office' },
    2: { responseMinutes: 4 * 60, resolutionMinutes: 8 * 60, calendar: 'paris-office' },
    3: { responseMinutes: 8 * 60, resolutionMinutes: 16 * 60, calendar: 'paris-office' },
  },
  emergencyCalendar: '24x7',
  badFixFactor: 0.5,
  pauseOn: ['waiting-for-customer'],
  ...overrides,
});

/** A callstream whose company default is the Paris office rule set, version 1 effective from 2026-01-01. */
export async function officeCallstream(options: CallstreamOptions = {}) {
  const callstream = new Callstream({ customerValidation: false, ...options });
  const publish = (effectiveFrom: string, r: ServiceLevelRulesInput) =>
    callstream.execute({
      type: 'PublishServiceLevels',
      commandId: uuid(),
      actor: staff.sam,
      ruleSetId: 'office',
      effectiveFrom,
      rules: r,
    });
  await publish('2026-01-01T00:00:00Z', rules());
  await callstream.execute({
    type: 'SetDefaultServiceLevels',
    commandId: uuid(),
    actor: staff.sam,
    ruleSetId: 'office',
  });
  return { callstream, publish };
}

export const logAt = (
  callstream: Callstream,
  reportedAt: string,
  overrides: Record<string, unknown> = {},
) => callstream.execute(logCallRequest({ at: reportedAt, reportedAt, priority: 2, ...overrides }));
