/**
 * The installed base: a piece of equipment by its serial number, what item (product) it
 * is, its warranty, and where it stood for whom since when. Every move and every change
 * of owner is a new placement, never an overwrite, so the owner and the site on any day
 * can be answered. Days (YYYY-MM-DD), never instants: plain JSON, as an ERP delivers it.
 */

/** From `from` on (until the next placement), the equipment belongs to `customerId` and stands at `siteId`. */
export interface Placement {
  readonly from: string;
  readonly customerId: string;
  readonly siteId: string;
}

export interface Equipment {
  readonly serialNumber: string;
  readonly item: string;
  /** Last day of the warranty (inclusive). */
  readonly warrantyUntil?: string;
  /** The contract the equipment is registered under, if any: preferred when work is charged. */
  readonly contractId?: string;
  /** In the order of their days, strictly increasing; the first is the installation. */
  readonly placements: readonly Placement[];
  readonly priorityFactor?: number;
}

/** Equipment that was never registered: the state before its first event. */
export type EquipmentState = Equipment | null;
export const initialEquipmentState = (): EquipmentState => null;

/** Where the equipment stood, and for whom, on `day`; undefined before it was installed. */
export function placementOn(equipment: Equipment, day: string): Placement | undefined {
  let found: Placement | undefined;
  for (const placement of equipment.placements) {
    if (placement.from > day) break;
    found = placement;
  }
  return found;
}

export const currentPlacement = (equipment: Equipment): Placement | undefined =>
  equipment.placements[equipment.placements.length - 1];

/** The warranty's last day is on or after `day`. */
export function isUnderWarranty(equipment: Equipment, day: string): boolean {
  return equipment.warrantyUntil !== undefined && day <= equipment.warrantyUntil;
}
