/**
 * The process's warnings while `body` runs (it sees them as they come) and one tick after:
 * Node emits a warning on the tick after `process.emitWarning`.
 */
export async function warningsDuring(
  body: (warnings: readonly Error[]) => Promise<void>,
): Promise<Error[]> {
  const warnings: Error[] = [];
  const warned = (warning: Error) => warnings.push(warning);
  process.on('warning', warned);
  try {
    await body(warnings);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', warned);
  }
  return warnings;
}
