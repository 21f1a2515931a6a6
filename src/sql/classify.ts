import { leadingKeywords } from './leading-keywords.js';
import { isOptionEnabled } from './option-list.js';
import { createItemReader, wordOf, type ItemReader } from './statement-items.js';
import type { StatementKind } from './types.js';

export interface Classification {
  kind: StatementKind;
  keywords: string;
}

/**
 * Classifies one statement (its text without the terminating ';') by its
 * leading keywords. `no-transaction` covers the commands that call
 * PreventInTransactionBlock: they fail inside BEGIN ... COMMIT and also inside
 * the implicit transaction of a multi-statement simple query
 * (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT).
 */
export function classifyStatement(text: string): Classification {
  const reader = createItemReader(text);
  const { word } = reader;
  switch (word(0)) {
    case 'BEGIN':
      return control('BEGIN');
    case 'END':
      return control('END');
    case 'ABORT':
      return control('ABORT');
    case 'START':
      return word(1) === 'TRANSACTION' ? control('START TRANSACTION') : transactional('START');
    case 'COMMIT':
      return control(word(1) === 'PREPARED' ? 'COMMIT PREPARED' : 'COMMIT');
    case 'ROLLBACK':
      return classifyRollback(reader);
    case 'PREPARE':
      // PREPARE TRANSACTION 'gid', as opposed to `PREPARE transaction AS ...`
      // which prepares a statement named "transaction".
      return word(1) === 'TRANSACTION' && reader.item(2)?.kind === 'string' ? control('PREPARE TRANSACTION') : transactional('PREPARE');
    case 'CREATE':
      return classifyCreate(reader);
    case 'DROP':
      return classifyDrop(reader);
    case 'ALTER':
      return classifyAlter(reader);
    case 'REINDEX':
      return classifyReindex(reader);
    case 'VACUUM':
      return noTransaction('VACUUM');
    case 'CLUSTER':
      return classifyCluster(reader);
    case 'DISCARD':
      return word(1) === 'ALL' ? noTransaction('DISCARD ALL') : transactional('DISCARD');
  }
  return transactional(leadingKeywords(reader));
}

function classifyRollback({ word }: ItemReader): Classification {
  if (word(1) === 'PREPARED') return control('ROLLBACK PREPARED');
  const to = word(1) === 'WORK' || word(1) === 'TRANSACTION' ? 2 : 1;
  if (word(to) !== 'TO') return control('ROLLBACK');
  // ROLLBACK TO [SAVEPOINT] name only rewinds part of the current transaction.
  return transactional(word(to + 1) === 'SAVEPOINT' ? 'ROLLBACK TO SAVEPOINT' : 'ROLLBACK TO');
}

const OBJECTS_OUTSIDE_TRANSACTION = new Set(['DATABASE', 'TABLESPACE', 'SUBSCRIPTION']);

function classifyCreate(reader: ItemReader): Classification {
  const { word } = reader;
  const object = word(1) ?? '';
  if (OBJECTS_OUTSIDE_TRANSACTION.has(object)) return noTransaction(`CREATE ${object}`);
  const index = object === 'UNIQUE' ? 2 : 1;
  if (word(index) === 'INDEX' && word(index + 1) === 'CONCURRENTLY') {
    return noTransaction(index === 2 ? 'CREATE UNIQUE INDEX CONCURRENTLY' : 'CREATE INDEX CONCURRENTLY');
  }
  return transactional(leadingKeywords(reader));
}

function classifyDrop(reader: ItemReader): Classification {
  const object = reader.word(1) ?? '';
  if (OBJECTS_OUTSIDE_TRANSACTION.has(object)) return noTransaction(`DROP ${object}`);
  if (object === 'INDEX' && reader.word(2) === 'CONCURRENTLY') return noTransaction('DROP INDEX CONCURRENTLY');
  return transactional(leadingKeywords(reader));
}

function classifyAlter(reader: ItemReader): Classification {
  switch (reader.word(1)) {
    case 'SYSTEM':
      return noTransaction('ALTER SYSTEM');
    case 'SUBSCRIPTION':
      return noTransaction('ALTER SUBSCRIPTION');
    case 'DATABASE':
      if (movesDatabase(reader)) return noTransaction('ALTER DATABASE SET TABLESPACE');
      break;
    case 'TABLE': {
      const detach = findWords(reader, 2, ['DETACH', 'PARTITION']);
      if (detach >= 0 && findWords(reader, detach + 2, ['CONCURRENTLY']) >= 0) {
        return noTransaction('ALTER TABLE DETACH PARTITION CONCURRENTLY');
      }
      break;
    }
  }
  return transactional(leadingKeywords(reader));
}

/**
 * ALTER DATABASE name SET TABLESPACE new, or its option-list spelling
 * ALTER DATABASE name [WITH] TABLESPACE [=] new, moves the database
 * (AlterDatabase in src/backend/commands/dbcommands.c).
 */
function movesDatabase({ word }: ItemReader): boolean {
  // The name is one item, or three in U&"name" UESCAPE 'c'.
  let option = word(3) === 'UESCAPE' ? 5 : 3;
  if (word(option) === 'SET' || word(option) === 'WITH') option++;
  return word(option) === 'TABLESPACE';
}

const REINDEX_TABLE_BY_TABLE = new Set(['SCHEMA', 'DATABASE', 'SYSTEM']);

/**
 * REINDEX [ (option, ...) ] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] name;
 * CONCURRENTLY may also be given in the option list. SCHEMA, DATABASE and
 * SYSTEM always reindex table by table, each in its own transaction.
 */
function classifyReindex({ text, item, word }: ItemReader): Classification {
  const options = item(1);
  const hasOptions = options?.kind === 'group';
  const target = hasOptions ? 2 : 1;
  const object = word(target);
  const head = object ? `REINDEX ${object}` : 'REINDEX';
  const concurrently = (hasOptions && isOptionEnabled(text, options.tokens, 'CONCURRENTLY')) || word(target + 1) === 'CONCURRENTLY';
  if (concurrently) return noTransaction(`${head} CONCURRENTLY`);
  return object && REINDEX_TABLE_BY_TABLE.has(object) ? noTransaction(head) : transactional(head);
}

/**
 * Without a table name CLUSTER re-clusters every previously clustered table,
 * one transaction per table: CLUSTER, CLUSTER VERBOSE, CLUSTER (VERBOSE).
 */
function classifyCluster({ item, word }: ItemReader): Classification {
  const name = item(1)?.kind === 'group' || word(1) === 'VERBOSE' ? 2 : 1;
  return item(name) === undefined ? noTransaction('CLUSTER') : transactional('CLUSTER');
}

/** Index of the first top-level run of `words` at or after `from`, or -1. */
function findWords({ item }: ItemReader, from: number, words: readonly string[]): number {
  for (let i = from; item(i) !== undefined; i++) {
    if (words.every((w, k) => wordOf(item(i + k)) === w)) return i;
  }
  return -1;
}

function control(keywords: string): Classification {
  return { kind: 'transaction-control', keywords };
}

function noTransaction(keywords: string): Classification {
  return { kind: 'no-transaction', keywords };
}

function transactional(keywords: string): Classification {
  return { kind: 'transactional', keywords };
}
