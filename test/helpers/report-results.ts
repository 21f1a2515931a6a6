import { MigrateError, type ErrorCode, type MigrateErrorData } from '../../src/errors.js';
import { blankResult, type RunResult } from '../../src/engine/index.js';
import type { ReportContext } from '../../src/report/context.js';

/** Results as the engine returns them, for reporter tests that need no server. */
export function result(overrides: Partial<RunResult> = {}): RunResult {
  return {
    ...blankResult('up', '127.0.0.1:5432/oforum', 'sha256:051eca4d0321c30a0076c00a3d9989d3f7176bec5690fed20a51f1a9d17a5663'),
    ...overrides,
  };
}

export function failed(code: ErrorCode, message: string, data: MigrateErrorData = {}, overrides: Partial<RunResult> = {}): RunResult {
  return result({ status: 'failed', ...overrides, error: new MigrateError(code, message, data) });
}

export const DIRECTORY: ReportContext = { origin: 'db/migrations', embedded: false, env: {} };
export const EMBEDDED: ReportContext = { origin: 'embedded', embedded: true, env: {} };

/**
 * Text an attacker can place where the tool prints it: a row value quoted by a server message, an
 * object or file name, a line of SQL. Each holds the marker INJECTED.
 */
export const HOSTILE = [
  '##[warning]INJECTED',
  '::warning::INJECTED',
  '  ::error file=x::INJECTED',
  'eve\r::warning::INJECTED',
  'a\n::warning::INJECTED',
  'b\r\n##[error]INJECTED',
  '\u200b::warning::INJECTED',
  ':\u200b:warning::INJECTED',
  '#\u200b#[warning]INJECTED',
  '\u00a0::notice::INJECTED',
  '\u2028::warning::INJECTED',
  '\u0085::warning::INJECTED',
  '::add-mask::INJECTED',
  '::stop-commands::INJECTED',
  '##[group]INJECTED',
  '::set-output name=status::INJECTED',
  '%0A::warning::INJECTED',
  '\u001b[31mINJECTED\u001b[0m',
  '\u202eINJECTED',
];

/** A row value quoted by PostgreSQL in its messages, as a forum user could plant it. */
export const SERVER_MESSAGES = [
  'invalid input syntax for type integer: "##[warning]INJECTED"',
  'duplicate key value violates unique constraint "users_name_key"',
];
export const SERVER_DETAIL = 'Key (name)=(eve\r::warning::INJECTED) is duplicated.';
