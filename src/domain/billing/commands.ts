import { z } from 'zod';
import type { Role } from '../shared/schema.js';
import { workText } from '../shared/schema.js';

/** Billing a call, issuing its invoice, crediting it: commands on the call's invoice (D4). */
const call = z.string().trim().min(1).max(64);

export const billingCommandSchemas = {
  BillCall: z.strictObject({ call }),
  IssueInvoice: z.strictObject({ call }),
  CreditInvoice: z.strictObject({
    call,
    reason: workText,
    waive: z
      .boolean()
      .optional()
      .describe(
        'A goodwill credit: what the invoice charged is forgiven, the call is not billed again and takes no more bookings, and the contract hours it used stay used. Without it the credit corrects: the next billing run bills the call again.',
      ),
  }),
} as const;
export type BillingCommandType = keyof typeof billingCommandSchemas;

export const billingPermissions: Readonly<Record<BillingCommandType, readonly Role[]>> = {
  BillCall: ['billing', 'supervisor', 'system'],
  IssueInvoice: ['billing', 'supervisor', 'system'],
  CreditInvoice: ['billing', 'supervisor'],
};
