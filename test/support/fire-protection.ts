import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import type { NotificationSender } from '../../src/commands/outbox.js';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import type { Actor } from '../../src/domain/index.js';
import type { MemoryEventStore } from '../../src/store/memory.js';

export const sam: Actor = { id: 'sam', role: 'supervisor', name: 'Sam Supervisor' };

/**
 * A fire-protection and office-equipment service company, through the real pipeline:
 * - acme (sites paris, lyon): contract acme-2026 for 2026 covering preventive maintenance of
 *   every fire extinguisher (item extinguisher-6kg) and on-site repair of copier COP-1;
 *   extinguishers EXT-1 (paris) and EXT-2 (lyon), installed 2025-06-01.
 * - globex: a contract for 2026 that covers nothing (tests that need its extinguisher EXT-9 register it).
 * - the plan "fire-extinguishers": quarterly inspection from 2026-01-15, yearly service on 06-30.
 */
export async function fireProtection(
  options: { store?: MemoryEventStore; file?: string; notifications?: NotificationSender } = {},
) {
  const callstream = await Callstream.open({
    ...(options.store ? { store: options.store } : {}),
    ...(options.file ? { file: options.file } : {}),
    ...(options.notifications ? { notifications: options.notifications } : {}),
  });
  const run = async (
    type: string,
    fields: Record<string, unknown>,
    actor: Actor = sam,
    at = '2026-01-01T07:00:00Z',
  ) =>
    (await callstream.executeJson({
      type,
      commandId: uuid(),
      actor,
      at,
      ...fields,
    })) as AggregateResult;
  await run('SetInboxes', { mode: 'per-channel', autoAccept: [] });
  await run('RegisterCustomer', { customerId: 'acme', name: 'Acme Logistics' });
  await run('AddSite', {
    customerId: 'acme',
    siteId: 'paris',
    name: 'Acme Paris',
    city: 'Paris',
    country: 'FR',
  });
  await run('AddSite', {
    customerId: 'acme',
    siteId: 'lyon',
    name: 'Acme Lyon',
    city: 'Lyon',
    country: 'FR',
  });
  await run('RegisterContract', {
    contractId: 'acme-2026',
    customerId: 'acme',
    from: '2026-01-01',
    until: '2026-12-31',
  });
  await run('AddCoverageLine', {
    contractId: 'acme-2026',
    service: 'preventive-maintenance',
    scope: { item: 'extinguisher-6kg' },
    share: 100,
  });
  await run('AddCoverageLine', {
    contractId: 'acme-2026',
    service: 'on-site-repair',
    scope: { serialNumber: 'COP-1' },
    share: 100,
  });
  await run('AddCoverageLine', {
    contractId: 'acme-2026',
    service: 'preventive-maintenance',
    scope: { serialNumber: 'COP-1' },
    share: 100,
  });
  await run('AddCoverageLine', {
    contractId: 'acme-2026',
    service: 'remote-support',
    scope: { serialNumber: 'UPS-1' },
    share: 100,
  });
  await run('RegisterEquipment', {
    serialNumber: 'EXT-1',
    item: 'extinguisher-6kg',
    customerId: 'acme',
    siteId: 'paris',
    from: '2025-06-01',
  });
  await run('RegisterEquipment', {
    serialNumber: 'EXT-2',
    item: 'extinguisher-6kg',
    customerId: 'acme',
    siteId: 'lyon',
    from: '2025-06-01',
  });
  await run('RegisterEquipment', {
    serialNumber: 'COP-1',
    item: 'copier-mx5',
    customerId: 'acme',
    siteId: 'paris',
    from: '2025-06-01',
  });
  await run('RegisterEquipment', {
    serialNumber: 'UPS-1',
    item: 'ups-3000',
    customerId: 'acme',
    siteId: 'paris',
    from: '2025-06-01',
  });
  await run('RegisterCustomer', { customerId: 'globex', name: 'Globex' });
  await run('AddSite', {
    customerId: 'globex',
    siteId: 'hq',
    name: 'Globex HQ',
    city: 'Lille',
    country: 'FR',
  });
  await run('RegisterContract', {
    contractId: 'globex-2026',
    customerId: 'globex',
    from: '2026-01-01',
    until: '2026-12-31',
  });
  await run('DefineMaintenancePlan', {
    planId: 'fire-extinguishers',
    name: 'Portable fire extinguishers (EN 3)',
    manufacturer: 'Sicli',
    scope: { item: 'extinguisher-6kg' },
    from: '2026-01-01',
    tasks: [
      {
        taskId: 'inspection',
        name: 'Quarterly inspection',
        calendar: { kind: 'interval', every: 3, unit: 'month', first: '2026-01-15' },
        instructions: 'Check the seal, the pressure gauge and the label.',
      },
      { taskId: 'service', name: 'Yearly service', calendar: { kind: 'yearly', dates: ['06-30'] } },
    ],
  });
  return { callstream, run };
}
