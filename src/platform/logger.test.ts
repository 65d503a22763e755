import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function capture(): { stream: Writable; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('') };
}

describe('logger', () => {
  it('redacts cookies, authorization, passwords, tokens, PESEL and database URLs', () => {
    const { stream, lines } = capture();
    const logger = createLogger('info', stream);
    logger.info(
      {
        req: { headers: { cookie: 'okienko_sid=s3cr3t-cookie', authorization: 'Bearer abc.def' } },
        form: { password: 'Hunter2-hunter2', pesel: '44051401359', token: 'tok-123456' },
        db: { url: 'postgres://okienko_app:pa55word@db/okienko' },
      },
      'something happened',
    );
    const output = lines();
    expect(output).toContain('something happened');
    for (const secret of ['s3cr3t-cookie', 'abc.def', 'Hunter2-hunter2', '44051401359', 'tok-123456', 'pa55word']) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('[redacted]');
  });
});
