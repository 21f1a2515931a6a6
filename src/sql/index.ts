export {
  splitStatements,
  transactionMode,
  type LexError,
  type SplitResult,
  type Statement,
  type StatementKind,
  type TransactionMode,
} from './split.js';
export { classifyStatement, type Classification } from './classify.js';
export { findClientCopy, type ClientCopy } from './client-copy.js';
export { excerpt, offsetToLineColumn, serverPositionToOffset, type ExcerptLine, type LineColumn, type PositionUnit } from './position.js';
export { insideOwnTransaction, transactionLeftOpen } from './own-transaction.js';
