/**
 * The words without which no statement is classified `no-transaction` (classify.ts): VACUUM,
 * CLUSTER, DISCARD ALL, REINDEX, CREATE/DROP DATABASE, TABLESPACE or SUBSCRIPTION, ALTER SYSTEM,
 * ALTER SUBSCRIPTION, ALTER DATABASE … TABLESPACE, and each CONCURRENTLY. A new case there needs
 * its word here.
 */
const WORDS = /VACUUM|CLUSTER|DISCARD|REINDEX|DATABASE|TABLESPACE|SUBSCRIPTION|SYSTEM|CONCURRENTLY/;

/**
 * False when no statement of `text` can refuse a transaction block, without lexing it: a file
 * is lexed for that only when one of the words appears, anywhere. The whole text is upper-cased
 * as the classifier upper-cases each word (`ſ` and `ı` become `S` and `I`), so that nothing it
 * would find is missed.
 */
export function mayRefuseTransaction(text: string): boolean {
  return WORDS.test(text.toUpperCase());
}
