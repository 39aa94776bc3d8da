/** A clock that advances by `stepMs` on every reading, from a fixed start. */
export function steppingClock(start = '2026-11-23T09:00:00.000Z', stepMs = 60_000): () => Date {
  let now = Date.parse(start);
  return () => new Date((now += stepMs));
}
