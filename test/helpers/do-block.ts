import { parseSync } from 'libpg-query';

/** A DO statement's body, as PostgreSQL's parser reads the statement (libpg-query loaded). */
export function doBody(statement: string): string {
  const tree = parseSync(statement) as { stmts: { stmt: { DoStmt?: { args: { DefElem: { arg: { String: { sval: string } } } }[] } } }[] };
  const body = tree.stmts[0]?.stmt.DoStmt?.args[0]?.DefElem.arg.String.sval;
  if (body === undefined) throw new Error(`not a DO statement: ${statement}`);
  return body;
}
