// Waiting for something that happens elsewhere (another process, a notification, a server
// coming back), with a deadline instead of a fixed sleep. Never a timed assertion: the
// deadline is generous and only bounds a failure.

/** Polls until the check stops throwing, or fails with its last error after the timeout. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Reads until the value passes the check or the deadline is reached; returns the last value read. */
export async function pollValue<T>(
  read: () => T | Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 8_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}
