// Which failures count as "the database is away" (503 with Retry-After) rather than a bug (500).
import { KnexTimeoutError } from 'knex';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/platform/http/error-handler.ts';

const withCode = (code: string, message = 'failed'): Error => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['a database host that does not resolve (a stopped container)', withCode('EAI_AGAIN')],
    ['admin shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown (57P02)', withCode('57P02')],
    ['cannot connect now (57P03)', withCode('57P03', 'the database system is starting up')],
    ['too many connections (53300)', withCode('53300')],
    ['a connection exception (class 08)', withCode('08006')],
    ['a connection lost mid-query', new Error('select 1 - Connection terminated unexpectedly')],
    ['no pooled connection in time', new KnexTimeoutError('Knex: Timeout acquiring a connection.')],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
    ['a wrapped cause', new Error('query failed', { cause: withCode('ECONNRESET') })],
  ])('%s: yes', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError('x is undefined')],
    ['a unique violation (23505)', withCode('23505')],
    ['a missing table (42P01)', withCode('42P01')],
    ['insufficient privilege (42501)', withCode('42501')],
    ['a file not found', withCode('ENOENT')],
    ['not an error at all', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s: no', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
