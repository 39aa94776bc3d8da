import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/callstream.js', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI as a child process, as a user would. */
export function cli(
  args: readonly string[],
  options: { input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return runNode([bin, ...args], options);
}

/** Runs node with these arguments in a child process, feeding it `input`; `command` runs node under another program (setpriv). */
export function runNode(
  args: readonly string[],
  options: {
    input?: string | Buffer;
    env?: Record<string, string>;
    cwd?: string;
    command?: readonly string[];
  } = {},
): Promise<CliRun> {
  const [program, ...before] = [...(options.command ?? []), process.execPath];
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...before, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The CLI as another user (setpriv, as root only): to meet files that user may read but not write. */
export function cliAs(
  uid: number,
  args: readonly string[],
  options: { input?: string | Buffer } = {},
): Promise<CliRun> {
  return runNode([bin, ...args], {
    ...options,
    command: ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups'],
  });
}

export const json = <T = Record<string, unknown>>(run: CliRun): T => JSON.parse(run.stdout) as T;

/**
 * A test's time limit, derived from its work: every child process it runs may take what a
 * busy machine needs to start node, load callstream and open its file (20 s each, where an
 * idle machine needs well under one), and every demo call what the slowest run has needed
 * (0.2 s). A slow machine makes the suite slower, never red; a hung child still fails it.
 */
export function childProcessBudget(
  processes: number,
  { demoCalls = 0 }: { demoCalls?: number } = {},
): number {
  return 30_000 + processes * 20_000 + demoCalls * 200;
}
