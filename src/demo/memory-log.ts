/**
 * With CALLSTREAM_DEMO_DEBUG set, the demo's memory after each phase of its end-of-period
 * work on standard error: the resident set and the JavaScript heap in use and reserved. A
 * peak is then traced to the phase that made it, not guessed from one figure at the end.
 */
export function logMemory(phase: string): void {
  if (!process.env.CALLSTREAM_DEMO_DEBUG) return;
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  process.stderr.write(
    `memory after ${phase}: resident ${mb(rss)} MB, heap ${mb(heapUsed)} MB of ${mb(heapTotal)} MB\n`,
  );
}

const mb = (bytes: number): number => Math.round(bytes / 1e6);
