// nodemailer's pooled SMTP transport: a few long-lived connections, each sending many mails.
// Timeouts are kept well inside the worker's lease (mail-worker.ts), so a stuck server turns
// into a failed attempt long before another worker could take the same row.
import nodemailer, { type Transporter } from 'nodemailer';

export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
export const SMTP_POOL = { maxConnections: 5, maxMessages: 1_000 };

export function createSmtpTransport(url: string): Transporter {
  return nodemailer.createTransport({ url, pool: true, ...SMTP_POOL, ...SMTP_TIMEOUTS });
}
