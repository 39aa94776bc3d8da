import { z } from 'zod';
import { visitOverride } from '../agenda/schemas.js';
import { id, money, personalText, shortText, storedInstant, text } from '../shared/schema.js';
import { attachmentList } from '../shared/attachments.js';

/**
 * What a call's transfers record (second line, on-site visits, RMA depot repair,
 * subcontracting), part of the call's events (events.ts). Stored events are forever: a
 * schema here only ever changes by adding a new version and an upcaster.
 */
/** A transfer's id on its call: T1, T2, … */
export const transferId = z.string().regex(/^T\d+$/);

export const transferEventSchemas = {
  TransferredToSecondLine: z.object({
    at: storedInstant,
    transferId,
    supportCentre: id,
    reason: text,
  }),
  SecondLineReturned: z.object({ at: storedInstant, transferId, outcome: text }),
  OnSiteVisitScheduled: z.object({
    at: storedInstant,
    transferId,
    engineer: id,
    siteId: id.optional(),
    plannedStart: storedInstant,
    plannedEnd: storedInstant,
    /** Booked although something was in the way: why, and what (absent on visits before this was checked). */
    override: visitOverride.optional(),
  }),
  OnSiteVisitRescheduled: z.object({
    at: storedInstant,
    transferId,
    plannedStart: storedInstant,
    plannedEnd: storedInstant,
    reason: text,
    override: visitOverride.optional(),
  }),
  OnSiteVisitStarted: z.object({ at: storedInstant, transferId }),
  OnSiteVisitCompleted: z.object({
    at: storedInstant,
    transferId,
    report: personalText,
    attachments: attachmentList,
  }),
  RmaAuthorised: z.object({
    at: storedInstant,
    transferId,
    rmaNumber: shortText,
    depot: id,
    item: shortText.optional(),
    serialNumber: shortText.optional(),
  }),
  RmaItemReceived: z.object({ at: storedInstant, transferId }),
  RmaItemRepaired: z.object({ at: storedInstant, transferId, report: personalText }),
  RmaItemShipped: z.object({ at: storedInstant, transferId, trackingNumber: shortText.optional() }),
  SubcontractOrdered: z.object({
    at: storedInstant,
    transferId,
    subcontractor: id,
    orderReference: shortText,
    agreedCost: money,
  }),
  SubcontractCompleted: z.object({
    at: storedInstant,
    transferId,
    actualCost: money,
    report: personalText.optional(),
  }),
  TransferCancelled: z.object({ at: storedInstant, transferId, reason: text }),
} as const;
