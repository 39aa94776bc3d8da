import { alwaysOpen, officeCalendar, type Actor } from '../domain/index.js';
import { OFFICE_HOLIDAYS } from './office-hours.js';
import { knowledgeCommands } from './knowledge.js';
import { engineerCommands, regionOfCountry } from './engineers.js';
import { routingCommands } from './routing-rules.js';
import {
  customers,
  equipment,
  facilitiesMembers,
  groupMembers,
  items,
  staff,
  type DemoEquipment,
} from './organisation.js';

/**
 * The demo company's master data and configuration, as the commands an administrator
 * would run: organisation and routing, service levels on French and Italian office
 * calendars, customers with identifiers, sites and contracts with coverage lines, and the
 * installed base. Acme is the source's own example: Paris with 5 servers of which 3 are
 * covered and 30 PCs all covered, Rome with 3 servers of which 1 is covered and 8 PCs of
 * which 5 are.
 */
export function setupCommands(year = 2026): Array<Record<string, unknown>> {
  const sam: Actor = staff.sam;
  const commands: Array<Record<string, unknown>> = [];
  const run = (type: string, fields: Record<string, unknown>) =>
    commands.push({ type, actor: sam, at: `${year}-01-01T07:00:00Z`, ...fields });

  // The company works from Paris: days (bookings, prices, plans, the report's weeks) and the
  // times customers read are Paris's, not UTC's.
  run('SetTimeZone', { timeZone: 'Europe/Paris' });
  const members = (group: keyof typeof groupMembers) => groupMembers[group].map((m) => m.id);
  for (const [groupId, name, kind, level, ids] of [
    ['dispatch', 'Dispatch', 'work', undefined, []],
    ['servers-l1', 'Servers level I', 'service-level', 1, members('servers-l1')],
    ['workplace-l1', 'Workplace level I', 'service-level', 1, members('workplace-l1')],
    ['print-l1', 'Printing and copiers', 'work', undefined, members('print-l1')],
    ['network-l1', 'Network level I', 'service-level', 1, members('network-l1')],
    // Planned work's group (planned-setup.ts): the routing rules send extinguishers to it.
    ['facilities', 'Facilities and safety', 'work', undefined, facilitiesMembers.map((m) => m.id)],
  ] as const) {
    run('DefineGroup', { groupId, name, kind, ...(level ? { level } : {}), members: [...ids] });
  }
  run('DefineSupportCentre', { centreId: 'first-line', name: 'Service desk', line: 'first' });
  run('DefineSupportCentre', { centreId: 'servers-l2', name: 'Servers level II', line: 'second' });
  run('DefineSupportCentre', {
    centreId: 'network-experts',
    name: 'Network experts',
    line: 'expert',
  });
  // The engineers as master data (groups, skills, regions, calendar) and their absences of the period.
  for (const { type, ...fields } of engineerCommands(year)) run(String(type), fields);
  run('SetDefaultDestination', { destination: { kind: 'supervisor', id: 'sam' } });
  // The item master (item groups) and the routing rules new, reopened and returned calls go by.
  for (const { type, ...fields } of routingCommands(year)) run(String(type), fields);
  for (const [purposeId, name] of [
    ['user-question', 'User question'],
    ['user-error', 'User-error correction'],
    ['product-defect', 'Product defect'],
    ['warranty-repair', 'Warranty repair'],
    ['on-site-maintenance', 'On-site maintenance'],
  ] as const) {
    run('DefinePurpose', { purposeId, name });
  }
  run('SetInboxes', { mode: 'per-channel', autoAccept: ['email', 'web-form'] });
  for (const { type, ...definition } of knowledgeCommands()) run(String(type), definition);

  run('PublishServiceLevels', {
    ruleSetId: 'fr-office',
    effectiveFrom: `${year}-01-01T00:00:00Z`,
    rules: serviceLevelRules('France, office hours', frenchCalendar(year)),
  });
  run('PublishServiceLevels', {
    ruleSetId: 'it-office',
    effectiveFrom: `${year}-01-01T00:00:00Z`,
    rules: serviceLevelRules('Italy, office hours', italianCalendar(year)),
  });
  run('SetDefaultServiceLevels', { ruleSetId: 'fr-office' });
  // Next year's French rules, already published: 24 business hours to resolve priority 3 (what-if material).
  run('PublishServiceLevels', {
    ruleSetId: 'fr-office',
    effectiveFrom: `${year + 1}-01-01T00:00:00Z`,
    rules: nextFrenchRules(
      year + 1,
      officeCalendar({
        id: 'paris',
        timeZone: 'Europe/Paris',
        hours,
        holidays: [`${year + 1}-01-01`],
      }),
    ),
  });

  for (const customer of customers) {
    run('RegisterCustomer', {
      customerId: customer.id,
      name: customer.name,
      ...(customer.language ? { language: customer.language } : {}),
    });
    run('AddIdentifier', {
      customerId: customer.id,
      identifier: { kind: 'email', value: customer.contact.email },
    });
    run('AddIdentifier', {
      customerId: customer.id,
      identifier: { kind: 'phone', value: customer.contact.phone },
    });
    run('AddIdentifier', {
      customerId: customer.id,
      identifier: { kind: 'account', value: customer.id },
    });
    run('AddContact', {
      customerId: customer.id,
      contactId: customer.contact.id,
      name: customer.contact.name,
      email: customer.contact.email,
      phone: customer.contact.phone,
    });
    for (const site of customer.sites)
      run('AddSite', {
        customerId: customer.id,
        siteId: site.id,
        name: `${customer.name} ${site.city}`,
        city: site.city,
        country: site.country,
        region: regionOfCountry(site.country),
      });
    const contractId = `${customer.id}-${year}`;
    run('RegisterContract', {
      contractId,
      customerId: customer.id,
      from: `${year}-01-01`,
      // Dated in the set-up's year, whichever it is: a fixed date ends another year's contract before it starts.
      until: `${year}-${customer.contractUntil ?? '12-31'}`,
      ...(customer.sites[0]!.country === 'IT' ? { serviceLevelPolicyId: 'it-office' } : {}),
    });
    for (const line of coverageLines(customer.id)) run('AddCoverageLine', { contractId, ...line });
  }
  for (const unit of equipment) {
    run('RegisterEquipment', {
      serialNumber: unit.serialNumber,
      item: unit.item,
      customerId: unit.customerId,
      siteId: unit.siteId,
      from: `${year - 1}-06-01`,
      ...(unit.warrantyUntil ? { warrantyUntil: `${year + 1}-${unit.warrantyUntil}` } : {}),
    });
  }
  // Prices and when to invoice: on closing, but Acme's contract waits for their acceptance.
  run('PublishPriceList', {
    priceListId: 'standard',
    effectiveFrom: `${year}-01-01T00:00:00Z`,
    prices: {
      currency: 'EUR',
      labour: { remote: 8000, 'on-site': 9500, depot: 7000, travel: 5000 },
      materials: Object.fromEntries(items.map((item, i) => [`spare-${item}`, 4500 + i * 2500])),
      subcontractMarginPercent: 15,
    },
  });
  run('SetBillingPolicy', { invoiceOn: 'closing', priceListId: 'standard' });
  run('SetBillingPolicy', {
    invoiceOn: 'acceptance',
    priceListId: 'standard',
    contractId: `acme-${year}`,
  });
  // Studio Verdi stopped paying: from the second week, their requests are refused.
  run('PlaceBlock', {
    customerId: 'verdi',
    reason: 'non-payment',
    note: 'Invoices of September and October unpaid',
    from: `${year}-11-09`,
  });
  return commands;
}

const hours = [
  { from: '08:30', to: '12:30' },
  { from: '13:30', to: '18:00' },
];

/** The French office calendar of a year: its holidays are the days the office closes. */
export const frenchCalendar = (year: number) =>
  officeCalendar({
    id: 'paris',
    timeZone: 'Europe/Paris',
    hours,
    holidays: OFFICE_HOLIDAYS.map((day) => `${year}-${day}`),
  });
/** The Italian office calendar of a year. */
export const italianCalendar = (year: number) =>
  officeCalendar({
    id: 'rome',
    timeZone: 'Europe/Rome',
    hours,
    holidays: ['11-01', '12-08', '12-25'].map((day) => `${year}-${day}`),
  });

/** The company's service levels on an office calendar: response and resolution by priority, emergencies around the clock. */
export function serviceLevelRules(name: string, calendar: ReturnType<typeof officeCalendar>) {
  return {
    name,
    calendars: { office: calendar, '24x7': alwaysOpen },
    defaultPriority: 3,
    priorities: {
      1: { responseMinutes: 30, resolutionMinutes: 4 * 60, calendar: '24x7' },
      2: { responseMinutes: 2 * 60, resolutionMinutes: 8 * 60, calendar: 'office' },
      3: { responseMinutes: 4 * 60, resolutionMinutes: 16 * 60, calendar: 'office' },
      4: { responseMinutes: 8 * 60, resolutionMinutes: 40 * 60, calendar: 'office' },
      5: { responseMinutes: 16 * 60, resolutionMinutes: 80 * 60, calendar: 'office' },
    },
    emergencyCalendar: '24x7',
    badFixFactor: 0.5,
    pauseOn: ['waiting-for-customer'],
  };
}

/** The French rules from the year after the first on: 24 business hours to resolve priority 3. */
export function nextFrenchRules(year: number, calendar = frenchCalendar(year)) {
  const next = serviceLevelRules(`France, office hours, ${year}`, calendar);
  return {
    ...next,
    priorities: {
      ...next.priorities,
      3: { responseMinutes: 4 * 60, resolutionMinutes: 24 * 60, calendar: 'office' },
    },
  };
}

interface Line {
  service: string;
  scope: Record<string, string>;
  share: number;
  limits?: Record<string, unknown>;
}

/** What each contract covers: the source's Paris/Rome example for Acme, site-wide service for the others. */
function coverageLines(customerId: string): Line[] {
  const lines: Line[] = [];
  const both = (scope: Record<string, string>, share = 100) => {
    lines.push(
      { service: 'remote-support', scope, share },
      { service: 'on-site-repair', scope, share, limits: { hours: 40, per: 'year' } },
    );
  };
  if (customerId === 'acme') {
    const units = equipment.filter((u: DemoEquipment) => u.customerId === 'acme' && u.covered);
    for (const unit of units.filter((u) => u.item !== 'pc-optiplex' || u.siteId === 'acme-rome'))
      both({ serialNumber: unit.serialNumber });
    both({ item: 'pc-optiplex', siteId: 'acme-paris' });
    return lines;
  }
  for (const unit of equipment.filter((u) => u.customerId === customerId)) {
    if (unit.item === 'copier-mx5')
      lines.push({
        service: 'depot-repair',
        scope: { serialNumber: unit.serialNumber },
        share: 50,
      });
  }
  const sites = new Set(equipment.filter((u) => u.customerId === customerId).map((u) => u.siteId));
  for (const siteId of sites) both({ siteId });
  return lines;
}
