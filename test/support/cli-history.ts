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
