// pino, with everything secret redacted before it is written anywhere.
import { pino, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.pesel',
  '*.nationalId',
  '*.sessionSecret',
  '*.dataKey',
  '*.url',
  'err.config',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'okienko' },
    },
    destination as pino.DestinationStream | undefined,
  );
}
