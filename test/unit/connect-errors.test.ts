import { describe, expect, it } from 'vitest';
import { describeConnectError, isTransient } from '../../src/database/connect.js';

const systemError = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.1:5432`), { code, address: '10.0.0.1', port: 5432 });
const serverError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('which connection failures are retried', () => {
  it.each([
    ['refused', systemError('ECONNREFUSED')],
    ['reset', systemError('ECONNRESET')],
    ['the server starting up', serverError('57P03', 'the database system is starting up')],
    ['too many connections', serverError('53300', 'sorry, too many clients already')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
  ])('retries %s', (_name, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a wrong password', serverError('28P01', 'password authentication failed for user "app"')],
    ['no pg_hba entry', serverError('28000', 'no pg_hba.conf entry for host "10.0.0.1"')],
    ['an unknown database', serverError('3D000', 'database "nope" does not exist')],
    ['an unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND db'), { code: 'ENOTFOUND', hostname: 'db' })],
  ])('fails at once on %s', (_name, error) => {
    expect(isTransient(error)).toBe(false);
  });

  it('describes failures in libpq’s words, with the address', () => {
    expect(describeConnectError(systemError('ECONNREFUSED'))).toBe('connection refused (10.0.0.1:5432)');
    expect(describeConnectError(serverError('28P01', 'password authentication failed for user "app"'))).toBe(
      'password authentication failed for user "app"',
    );
  });

  it('gives the server’s refusal of a setting whose name holds "timeout" as it is, not as a timeout', () => {
    expect(describeConnectError(serverError('22023', 'invalid value for parameter "lock_timeout": "xyz"'))).toBe(
      'invalid value for parameter "lock_timeout": "xyz"',
    );
    expect(describeConnectError(new Error('Connection terminated due to connection timeout'))).toBe('connection timed out');
  });
});
