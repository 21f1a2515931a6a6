import { MigrateError } from '../errors.js';
import type { CatalogSnapshot } from '../database/catalog-snapshot.js';
import { REPEAT_SIDES, UNDO_SIDES, diffSnapshots } from '../database/catalog-diff.js';
import type { Driver } from '../database/driver.js';
import type { Version } from '../migration-version.js';
import { applyStep } from './apply.js';
import type { CommandOptions, Scratch } from './command-options.js';
import { capture, clockOf } from './command-support.js';
import { prepareDowns, prepareUps, type PreparedStep } from './prepare.js';
import { blankResult, type RunResult, type ServerFailure } from './result.js';
import { serverFailures } from './server-compat.js';
import { withDriver } from './with-driver.js';
import { visibleLineBreaks } from '../visible-line-breaks.js';

// Differences listed in one message; the rest are counted.
const SHOWN_DIFFERENCES = 8;

/**
 * `verify` proves the migration set itself, on a scratch database: every up (snapshotting the
 * schema after each), every down in reverse (each must give back the schema before its up, and
 * at the end nothing but the state table remains), then every up again (each must give the same
 * schema as the first time). A failure names the migration and what differs.
 */
export async function runVerify(options: CommandOptions, openScratch: () => Promise<Scratch>): Promise<RunResult> {
  const result = blankResult('verify', options.target.display, options.set.digest);
  return capture(result, async () => {
    const scratch = await openScratch();
    result.database = scratch.target.display;
    try {
      await withDriver({ ...options, target: scratch.target, lockStrategy: 'session' }, (driver) => proveSet(driver, options));
      const count = options.set.migrations.length;
      result.proof = {
        tried: [],
        notTried: [],
        steps: `${count} ups, ${count} downs, ${count} ups`,
        scratch: scratch.description,
      };
      result.status = 'verified';
    } finally {
      await scratch.dispose();
    }
  });
}

async function proveSet(driver: Driver, options: CommandOptions): Promise<void> {
  const migrations = options.set.migrations;
  const [failure, ...more] = serverFailures(migrations, ['up', 'down']);
  if (failure) {
    throw serverFailure(failure, more);
  }
  const missingDown = migrations.find((migration) => migration.up && !migration.down);
  if (missingDown) {
    throw verifyFailure(`migration ${missingDown.version} ${missingDown.name} has no .down.sql file`, missingDown.version);
  }
  const ups = prepareUps(migrations);
  const downs = prepareDowns(migrations);
  const snapshot = () => driver.snapshotSchema([driver.stateTable.table]);
  await driver.createStateTable();

  // snapshots[i]: the schema with the first i migrations applied
  const snapshots: CatalogSnapshot[] = [await snapshot()];
  let version: Version | null = null;
  for (const step of ups) {
    await run(step, driver, options, version);
    version = step.version;
    snapshots.push(await snapshot());
  }
  for (const [index, step] of downs.entries()) {
    await run(step, driver, options, version);
    version = step.recordVersion;
    const expected = snapshots[ups.length - index - 1]!;
    const differences = diffSnapshots(expected, await snapshot(), UNDO_SIDES);
    if (differences.length > 0) {
      throw verifyFailure(
        `the down of migration ${step.version} ${step.name} does not undo its up: ${summarise(differences)}`,
        step.version,
        differences,
      );
    }
  }
  for (const [index, step] of ups.entries()) {
    await run(step, driver, options, version);
    version = step.version;
    const differences = diffSnapshots(snapshots[index + 1]!, await snapshot(), REPEAT_SIDES);
    if (differences.length > 0) {
      throw verifyFailure(
        `migration ${step.version} ${step.name} gives another schema the second time up (after its down): ${summarise(differences)}`,
        step.version,
        differences,
      );
    }
  }
  // `version` stays the target database's, which verify never reads: the scratch's is not reported
}

async function run(step: PreparedStep, driver: Driver, options: CommandOptions, planned: Version | null): Promise<void> {
  await applyStep(step, {
    driver,
    planned: { version: planned, exists: true },
    statementLockTimeoutMs: options.statementLockTimeoutMs,
    statementLockRetries: 0,
    events: {},
    clock: clockOf(options),
  }).catch((error: unknown) => {
    if (error instanceof MigrateError && error.code === 'sql') {
      const what = `${step.direction === 'up' ? 'up' : 'down'} of migration ${step.version} ${step.name}`;
      throw new MigrateError('verify', `the ${what} failed: ${error.message}`, error.data);
    }
    throw error;
  });
}

function verifyFailure(message: string, version: Version, differences: string[] = []): MigrateError {
  // one difference a line: a name with a line break in it must not make two
  const detail = differences.map(visibleLineBreaks).join('\n');
  return new MigrateError('verify', message, { version, ...(differences.length > 0 ? { detail } : {}) });
}

/** verify fails on a file golang-migrate would fail on, though up runs it: the set must suit both. */
function serverFailure(failure: ServerFailure, more: readonly ServerFailure[]): MigrateError {
  const others = more.length > 0 ? `; also ${more.map((other) => other.file).join(', ')}` : '';
  return new MigrateError('verify', `${failure.message}${others}`, {
    location: { file: failure.file, line: failure.line, column: 1 },
  });
}

function summarise(differences: string[]): string {
  const shown = differences.slice(0, SHOWN_DIFFERENCES).join('; ');
  const more = differences.length - SHOWN_DIFFERENCES;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}
