import { v4 as uuid } from 'uuid';

const sam = { id: 'sam', role: 'supervisor' };

/**
 * The smallest history a command-line test starts from, as `exec` reads it: customer acme with
 * a contract until 2030, and one chargeable call logged by phone (`call` adds to or replaces
 * its fields). One command a line, each with a command id of its own.
 */
export function oneCallHistory(call: Record<string, unknown> = {}): string {
  return [
    { type: 'RegisterCustomer', actor: sam, customerId: 'acme', name: 'Acme' },
    {
      type: 'RegisterContract',
      actor: sam,
      contractId: 'acme-1',
      customerId: 'acme',
      from: '2026-01-01',
      until: '2030-12-31',
    },
    {
      type: 'LogCall',
      actor: { id: 'ann', role: 'agent' },
      intake: { mode: 'knowledgeable', channel: 'phone' },
      subject: { kind: 'customer', customerId: 'acme' },
      description: 'Printer offline',
      chargeable: true,
      ...call,
    },
  ]
    .map((line) => JSON.stringify({ commandId: uuid(), ...line }))
    .join('\n');
}

/** One command as a line `exec` reads: its type, actor and instant, a command id of its own. */
export const commandLine = (
  actor: Record<string, string>,
  at: string,
  type: string,
  fields: Record<string, unknown>,
): string => JSON.stringify({ type, commandId: uuid(), actor, at, ...fields });

/**
 * Customer acme with its site paris and one contract from 1 January 2026 whose line covers a
 * service at the site, recorded by sam on 2 January 2026: the lines `exec` reads.
 */
export function acmeInParis(contract: {
  readonly contractId: string;
  readonly until: string;
  readonly service: string;
}): string[] {
  const { contractId, until, service } = contract;
  return [
    commandLine(sam, '2026-01-02T08:00:00Z', 'RegisterCustomer', {
      customerId: 'acme',
      name: 'Acme',
    }),
    commandLine(sam, '2026-01-02T08:00:01Z', 'AddSite', {
      customerId: 'acme',
      siteId: 'paris',
      name: 'Acme Paris',
      city: 'Paris',
      country: 'FR',
    }),
    commandLine(sam, '2026-01-02T08:00:02Z', 'RegisterContract', {
      contractId,
      customerId: 'acme',
      from: '2026-01-01',
      until,
    }),
    commandLine(sam, '2026-01-02T08:00:03Z', 'AddCoverageLine', {
      contractId,
      service,
      scope: { siteId: 'paris' },
      share: 100,
    }),
  ];
}

/**
 * The price list `standard` (EUR; remote labour 80.00 an hour) and the billing policy that
 * invoices by it on `invoiceOn`, recorded by sam on 2 January 2026: the lines `exec` reads.
 */
export const standardPrices = (invoiceOn: 'closing' | 'resolution'): string[] => [
  commandLine(sam, '2026-01-02T08:00:04Z', 'PublishPriceList', {
    priceListId: 'standard',
    effectiveFrom: '2026-01-01T00:00:00Z',
    prices: {
      currency: 'EUR',
      labour: { remote: 8000, 'on-site': 9500, depot: 7000, travel: 5000 },
      materials: {},
      subcontractMarginPercent: 15,
    },
  }),
  commandLine(sam, '2026-01-02T08:00:05Z', 'SetBillingPolicy', {
    invoiceOn,
    priceListId: 'standard',
  }),
];
