/** The next id in a keyed collection: F1, F2, … (follow-ups), T1 (transfers), B1 (bookings). */
export function nextId(prefix: string, collection: Readonly<Record<string, unknown>>): string {
  return `${prefix}${Object.keys(collection).length + 1}`;
}
