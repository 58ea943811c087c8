const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Runs `write` (synchronous) so that SIGINT or SIGTERM cannot cut it short: with a handler installed,
 * a signal arriving meanwhile is only delivered once the event loop turns, after the last rename, and
 * then ends the process with the signal's usual exit code (128 + its number). The handlers stay one
 * loop turn (signals are polled before setImmediate callbacks run), then are removed, so that outside
 * the writes (during the simulation) Node's default action ends the process at once: nothing has been
 * written by then, so no partial file is left either way.
 */
export function writeUninterrupted(write: () => void): void {
  const handlers = Object.entries(EXIT_CODES).map(([signal, code]) => {
    const handler = () => process.exit(code);
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  try {
    write();
  } finally {
    setImmediate(() => {
      for (const remove of handlers) remove();
    });
  }
}
