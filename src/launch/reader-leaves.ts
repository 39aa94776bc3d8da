/**
 * A reader that stops early (`callstream … | head`) closes the pipe: the rest of the output
 * has no one to read it, so the command ends quietly, as Unix tools do, instead of with an
 * unhandled EPIPE and a stack trace. What it wrote to a store is committed: a transaction never
 * spans a turn of the event loop, where this can end the process. (The demo's thread writes
 * through the main thread's streams, so it is ended there, wherever it is: its store is
 * crash-safe, and a demo resumes where it stopped.)
 */
export function endQuietlyWhenTheReaderLeaves(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
