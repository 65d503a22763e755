// The process's Prometheus metrics. One registry per process; the counters are module-level
// so the code that counts (mail worker, sign-in) imports them without threading them through.
import { Counter, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

export const mailSent = new Counter({
  name: 'okienko_mail_sent_total',
  help: 'Mails accepted by the SMTP server',
  registers: [metricsRegistry],
});

export const mailFailed = new Counter({
  name: 'okienko_mail_failed_attempts_total',
  help: 'Send attempts that failed and will be retried',
  registers: [metricsRegistry],
});

export const mailDead = new Counter({
  name: 'okienko_mail_dead_total',
  help: 'Mails given up on (permanent refusal or retry budget spent)',
  registers: [metricsRegistry],
});

export const mailDropped = new Counter({
  name: 'okienko_mail_dropped_total',
  help: 'Mails not queued because the recipient hit a per-template throttle',
  labelNames: ['template'] as const,
  registers: [metricsRegistry],
});

export const passwordHashVerifications = new Counter({
  name: 'okienko_password_hash_verifications_total',
  help: 'argon2 password verifications actually computed',
  registers: [metricsRegistry],
});

/** Every sign-in answer by what decided it: a rise of `locked` or `unknown` is an attack to look at. */
export const signInAttempts = new Counter({
  name: 'okienko_sign_in_attempts_total',
  help: 'Sign-in attempts by outcome (success, wrong_password, locked, unknown, start_password_expired, closed, blocked)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

/** A provider that did not register a client's payment (down, refusing): the client saw "not yet sent". */
export const paymentRegistrationsFailed = new Counter({
  name: 'okienko_payment_registrations_failed_total',
  help: 'Payments a provider did not register when the client pressed Pay, by provider',
  labelNames: ['provider'] as const,
  registers: [metricsRegistry],
});
