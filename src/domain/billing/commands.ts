import { z } from 'zod';
import type { Role } from '../shared/schema.js';
import { workText } from '../shared/schema.js';

/** Billing a call, issuing its invoice, crediting it: commands on the call's invoice (D4). */
const call = z.string().trim().min(1).max(64);

export const billingCommandSchemas = {
  BillCall: z.strictObject({ call }),
  IssueInvoice: z.strictObject({ call }),
  CreditInvoice: z.strictObject({ call, reason: workText }),
} as const;
export type BillingCommandType = keyof typeof billingCommandSchemas;

export const billingPermissions: Readonly<Record<BillingCommandType, readonly Role[]>> = {
  BillCall: ['billing', 'supervisor', 'system'],
  IssueInvoice: ['billing', 'supervisor', 'system'],
  CreditInvoice: ['billing', 'supervisor'],
};
