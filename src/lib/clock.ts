// One clock for code and SQL alike: anything a test must move in time (token expiry, idle
// timeouts, lockouts) reads clock.now() and passes it into queries instead of SQL now().
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ControllableClock extends Clock {
  set(instant: Date): void;
  advance(milliseconds: number): void;
}

export function controllableClock(start: Date): ControllableClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = instant.getTime();
    },
    advance: (milliseconds) => {
      current += milliseconds;
    },
  };
}
