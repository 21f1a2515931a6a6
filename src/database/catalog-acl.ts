import type { PrivilegeSnapshot } from './catalog-types.js';
import { quoteName } from './catalog-wording.js';

/** As the snapshot query reads privileges: the owner's name, the ACL, and the default or initial ACL. */
export type RawAcl = [owner: string, acl: string[], initial: string[]] | null;

// aclitem's letters (PostgreSQL's ACL_*_CHR); an unknown letter is shown as it is.
const PRIVILEGES: Readonly<Record<string, string>> = {
  r: 'SELECT',
  w: 'UPDATE',
  a: 'INSERT',
  d: 'DELETE',
  D: 'TRUNCATE',
  x: 'REFERENCES',
  t: 'TRIGGER',
  X: 'EXECUTE',
  U: 'USAGE',
  C: 'CREATE',
  c: 'CONNECT',
  T: 'TEMPORARY',
  s: 'SET',
  A: 'ALTER SYSTEM',
  m: 'MAINTAIN',
};

interface Grant {
  grantee: string;
  privilege: string;
  grantable: boolean;
  grantor: string;
}

/**
 * The privileges an ACL grants beyond its initial one (`grant SELECT to reporting`) and those it
 * lacks (`revoke EXECUTE from PUBLIC`), sorted. The owner is `the owner` whatever its name, so a
 * database and a scratch database with other owners compare; an ACL that only spells out the
 * default has no difference.
 */
export function aclDifference(raw: RawAcl): PrivilegeSnapshot[] {
  if (raw === null) return [];
  const [owner, acl, initial] = raw;
  const now = new Map(acl.flatMap(parseAclItem).map((grant) => [key(grant), grant]));
  const before = new Map(initial.flatMap(parseAclItem).map((grant) => [key(grant), grant]));
  const found: PrivilegeSnapshot[] = [];
  for (const [id, grant] of now) if (!before.has(id)) found.push(describe('grant', 'to', grant, owner));
  for (const [id, grant] of before) if (!now.has(id)) found.push(describe('revoke', 'from', grant, owner));
  return found.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

function key(grant: Grant): string {
  return JSON.stringify([grant.grantee, grant.privilege, grant.grantable, grant.grantor]);
}

function describe(verb: string, preposition: string, grant: Grant, owner: string): PrivilegeSnapshot {
  const who = (role: string): string => (role === '' ? 'PUBLIC' : role === owner ? 'the owner' : quoteName(role));
  const roles = [grant.grantee, grant.grantor].filter((role) => role !== '' && role !== owner);
  return {
    name:
      `${verb} ${grant.privilege} ${preposition} ${who(grant.grantee)}` +
      (grant.grantable ? ' with grant option' : '') +
      (grant.grantor !== owner ? ` granted by ${who(grant.grantor)}` : ''),
    roles: [...new Set(roles)],
  };
}

/** `grantee=privileges/grantor`, names double-quoted when they need it; an empty grantee is PUBLIC. */
export function parseAclItem(text: string): Grant[] {
  const [grantee, afterGrantee] = readName(text, 0);
  const slash = text.indexOf('/', afterGrantee);
  const letters = text.slice(afterGrantee + 1, slash === -1 ? undefined : slash);
  const grantor = slash === -1 ? '' : readName(text, slash + 1)[0];
  const grants: Grant[] = [];
  for (let i = 0; i < letters.length; i++) {
    const grantable = letters[i + 1] === '*';
    grants.push({ grantee, privilege: PRIVILEGES[letters[i]!] ?? letters[i]!, grantable, grantor });
    if (grantable) i++;
  }
  return grants;
}

/** The name starting at `from`, and where it ends (at `=`, `/` or the end). */
function readName(text: string, from: number): [string, number] {
  if (text[from] !== '"') {
    let end = from;
    while (end < text.length && text[end] !== '=' && text[end] !== '/') end++;
    return [text.slice(from, end), end];
  }
  let name = '';
  let i = from + 1;
  while (i < text.length) {
    if (text[i] === '"' && text[i + 1] === '"') {
      name += '"';
      i += 2;
    } else if (text[i] === '"') {
      return [name, i + 1];
    } else {
      name += text[i++];
    }
  }
  return [name, i];
}
