import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs one of the benchmark's modules in a Node process of its own and returns the JSON it
 * writes: a figure that must not depend on what ran before it in the benchmark (a peak RSS,
 * a comparison of two pipelines' CPU) is measured in a fresh process.
 */
export function inChildProcess<T>(
  module: string,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
): T {
  const script = fileURLToPath(new URL(module, import.meta.url));
  return JSON.parse(
    execFileSync(process.execPath, [...nodeFlags, script, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  ) as T;
}
