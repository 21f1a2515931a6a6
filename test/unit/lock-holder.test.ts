import { expect, it } from 'vitest';
import { describeHolder } from '../../src/database/lock.js';

it("names the lock's holder on one line, whatever line breaks its role and application names hold", () => {
  const text = describeHolder({
    pid: 42,
    applicationName: 'app\r##[error]r',
    user: 'u\n::error::user',
    clientAddress: '127.0.0.1',
    backendStart: null,
    state: 'idle',
    stateChange: null,
  });
  expect(text).toBe('held by pid 42 (application_name "app\u240d##[error]r", user u\u240a::error::user, from 127.0.0.1), idle');
  expect(text).not.toMatch(/[\r\n]/);
});
