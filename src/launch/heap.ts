import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what a full collection found alive: half again.
 *
 * Left to itself, V8 sizes the heap by how fast the program allocates against how fast it
 * collects, up to four times the live data on a machine with memory to spare. A command
 * pipeline allocates briskly (documents parsed and written per command), so a long run such
 * as `demo --calls 100000` held 420–450 MB for about 95 MB alive. Measured on a 2,500-call
 * demo, four runs side by side (2026-12-02): peak RSS 443 MB by default, 263 MB at half
 * again, 297 MB at twice, for the same CPU time (97.5, 98.0 and 98.4 s); --optimize-for-size
 * reached 178 MB but cost 43 % more CPU. The flag is read at each collection, so setting it
 * when the command line starts is enough (a 4,000-call demo: 428 → 278 MB set so). An application
 * that embeds the library keeps its own settings: only the command line sets this, in the
 * launcher before it compiles the bundle (V8's flags are part of what a code cache must match).
 * Setting it again with the same value changes nothing.
 */
export const HEAP_GROWING_PERCENT = 50;

export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
