import type { Actor } from '../domain/index.js';
import { customers, equipment, staff } from './organisation.js';

/**
 * The demo company's planned and automatic work (E1–E3) over its year: a fire extinguisher
 * at the first site of every customer, on the manufacturer's plan (quarterly inspection,
 * yearly service); copiers with copy counters, serviced every 30,000 copies and called in
 * when the drum reaches its end of life; UPS units with a half-yearly battery test and
 * alarms from their gateway. Preventive maintenance is covered by every contract except
 * Rossi's, so Rossi's planned work waits for an agent; Lemaire's contract ended in October
 * and Studio Verdi is blocked from 9 November, so their later planned calls are refused and
 * recorded. Planned calls that become calls are done on their day by the right group.
 */
export const sam: Actor = staff.sam;

export const copiers = equipment.filter((unit) => unit.item === 'copier-mx5');
const extinguishers = customers.map((customer) => ({
  serialNumber: `EXT-${customer.id.slice(0, 3).toUpperCase()}1`,
  customerId: customer.id,
  siteId: customer.sites[0]!.id,
}));

/** The master data of planned work, as an administrator would record it. */
export function plannedSetupCommands(year = 2026): Array<Record<string, unknown>> {
  const commands: Array<Record<string, unknown>> = [];
  const run = (type: string, fields: Record<string, unknown>) =>
    commands.push({ type, actor: sam, at: `${year}-01-01T07:30:00Z`, ...fields });
  // Routing reads the item group: the safety rules send extinguishers to facilities.
  run('DefineItem', { item: 'extinguisher-6kg', from: `${year}-01-01`, itemGroup: 'safety' });
  for (const unit of extinguishers)
    run('RegisterEquipment', { ...unit, item: 'extinguisher-6kg', from: `${year - 1}-06-01` });
  for (const customer of customers.filter((c) => c.id !== 'rossi')) {
    for (const site of customer.sites)
      run('AddCoverageLine', {
        contractId: `${customer.id}-${year}`,
        service: 'preventive-maintenance',
        scope: { siteId: site.id },
        share: 100,
      });
  }
  run('DefineMaintenancePlan', {
    planId: 'extinguisher-6kg',
    name: 'Portable fire extinguishers (EN 3)',
    manufacturer: 'Sicli',
    scope: { item: 'extinguisher-6kg' },
    from: `${year}-01-01`,
    tasks: [
      {
        taskId: 'inspection',
        name: 'Quarterly inspection',
        calendar: { kind: 'interval', every: 3, unit: 'month', first: `${year}-02-02` },
        instructions: 'Check the seal, the pressure gauge and the label; weigh CO2 units.',
      },
      {
        taskId: 'service',
        name: 'Yearly service',
        calendar: { kind: 'yearly', dates: ['06-30'] },
        instructions: 'Full service by a certified technician; renew the label.',
      },
    ],
  });
  run('DefineMaintenancePlan', {
    planId: 'copier-mx5',
    name: 'MX-5 copier service',
    manufacturer: 'Sharp',
    scope: { item: 'copier-mx5' },
    from: `${year}-01-01`,
    tasks: [
      {
        taskId: 'service-kit',
        name: 'Service kit (rollers, filters)',
        usage: { meterId: 'copies', every: 30_000 },
      },
    ],
  });
  run('DefineMaintenancePlan', {
    planId: 'ups-3000',
    name: 'UPS 3000 battery care',
    scope: { item: 'ups-3000' },
    from: `${year}-01-01`,
    tasks: [
      {
        taskId: 'battery-test',
        name: 'Battery test',
        calendar: { kind: 'interval', every: 6, unit: 'month', first: `${year}-05-15` },
      },
    ],
  });
  for (const copier of copiers) {
    run('RegisterMeter', {
      serialNumber: copier.serialNumber,
      meterId: 'copies',
      unit: 'copies',
      kind: 'counter',
    });
    run('SetThreshold', {
      serialNumber: copier.serialNumber,
      meterId: 'copies',
      thresholdId: 'drum',
      high: 100_000,
      description: 'Drum end of life: replace the drum unit',
    });
  }
  return commands;
}
