import { getHeapSpaceStatistics } from 'node:v8';

/**
 * With CALLSTREAM_DEMO_DEBUG set, the demo's memory after each phase of its end-of-period
 * work on standard error: the resident set, the JavaScript heap in use and reserved, of that
 * the young generation's reserve, and the process's peak resident set so far. A peak is then
 * traced to the phase that made it (the one after which the peak so far rose), not guessed
 * from one figure at the end: the resident set after a phase can lie well below the peak
 * reached inside it (367 against 412 MB after the summary of a 100,000-call demo).
 */
export function logMemory(phase: string): void {
  if (!process.env.CALLSTREAM_DEMO_DEBUG) return;
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  // maxRSS is in KiB (getrusage), as /usr/bin/time reports it; written here in MB like the rest.
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stderr.write(
    `memory after ${phase}: resident ${mb(rss)} MB, heap ${mb(heapUsed)} MB of ${mb(heapTotal)} MB, young generation ${mb(youngGeneration())} MB, peak resident so far ${mb(peak)} MB\n`,
  );
}

/** What the young generation holds reserved: its semi-spaces and its large objects. */
function youngGeneration(): number {
  let bytes = 0;
  for (const space of getHeapSpaceStatistics())
    if (space.space_name === 'new_space' || space.space_name === 'new_large_object_space')
      bytes += space.space_size;
  return bytes;
}

const mb = (bytes: number): number => Math.round(bytes / 1e6);
