// When a failed mail is tried again, and when it is given up on.

/** A mail is retried for at least this long after it was queued, then dead-lettered. */
export const RETRY_FOR_MS = 24 * 60 * 60_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_WAIT_MS = 60 * 60_000;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * 30 s × 2^(n-1), capped at an hour, so workers retrying after one outage spread out
 * instead of hitting the recovered server together.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1), LONGEST_WAIT_MS);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface SmtpError {
  code?: string;
  responseCode?: number;
}

/**
 * A 5xx refusal of the recipient or the message will be refused again: it is dead at once.
 * 503 (bad sequence of commands) and everything else (connection refused, timeouts, 4xx)
 * are worth another try.
 */
export function isPermanentRefusal(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as SmtpError;
  return (
    (code === 'EENVELOPE' || code === 'EMESSAGE') &&
    typeof responseCode === 'number' &&
    responseCode >= 500 &&
    responseCode < 600 &&
    responseCode !== 503
  );
}
