import { DomainError } from '../shared/errors.js';
import type { Invoiced } from './command-context.js';
import type { Call } from './state.js';

/**
 * Billing never revisits an invoice once issued (until a credit note corrects it) or waived
 * for good: what it priced may not change. `effect` says what the change would leave wrong;
 * `redo`, what to do after crediting.
 */
export function refuseOnceInvoiced(
  call: Call,
  invoiced: Invoiced | undefined,
  effect: string,
  redo: string,
): void {
  const { status, invoiceNumber } = invoiced ?? {};
  if (status !== 'issued' && status !== 'waived') return;
  const then =
    status === 'issued'
      ? `Credit the invoice (CreditInvoice), then ${redo}`
      : 'It was credited as a goodwill gesture and is never billed again';
  throw new DomainError(
    'AlreadyInvoiced',
    `Call ${call.number} is invoiced (${status}${invoiceNumber ? ` as ${invoiceNumber}` : ''}): ${effect}. ${then}`,
    { status, ...(invoiceNumber ? { invoiceNumber } : {}) },
  );
}
