/**
 * Passwords in command-line arguments, or in the action's inputs: a URL given by mistake as a
 * stray argument (after `--` too), a command or another flag's or input's value is quoted by the
 * error that refuses it, and that error comes before any URL is read. Each such password is
 * registered first, so the error shows the URL with `***`. (database-url's own value is read,
 * and refused unquoted, by readDatabaseUrl.) A URL that could be read two ways gives everything
 * up to its last '@' after the user name: hiding too much of a mistaken argument costs nothing.
 */
const URL_START = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

export function argumentSecrets(argv: readonly string[]): string[] {
  const found = new Set<string>();
  let options = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // --database-url's own value is readDatabaseUrl's to read: a URL it refuses as ambiguous has
    // no password to guess (a guess would mask letters of every line). After `--` there are no
    // flags: a --database-url there is a stray argument like any other.
    if (options && arg === '--') options = false;
    if (options && arg === '--database-url') {
      i++;
      continue;
    }
    if (options && arg.startsWith('--database-url=')) continue;
    const value = arg.startsWith('--') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    for (const secret of urlPasswords(value)) found.add(secret);
  }
  return [...found];
}

function urlPasswords(text: string): string[] {
  if (!URL_START.test(text)) return [];
  const rest = text.slice(text.indexOf('://') + 3);
  const candidates: string[] = [];
  // as the URL reads: the user-info ends at the authority's last '@'
  const authority = rest.split(/[/?#]/, 1)[0]!;
  const at = authority.lastIndexOf('@');
  if (at >= 0) candidates.push(afterColon(authority.slice(0, at)));
  // as a person meant it: the password runs to the text's last '@'
  const last = rest.lastIndexOf('@');
  if (last >= 0) candidates.push(afterColon(rest.slice(0, last)));
  const query = rest.includes('?') ? rest.slice(rest.indexOf('?') + 1) : '';
  for (const pair of query.split('&')) {
    if (pair.startsWith('password=')) candidates.push(pair.slice('password='.length));
  }
  const forms: string[] = [];
  for (const candidate of candidates) {
    if (candidate === '') continue;
    forms.push(candidate);
    try {
      forms.push(decodeURIComponent(candidate.replace(/\+/g, ' ')), decodeURIComponent(candidate));
    } catch {
      // a malformed escape: the raw form is the one an error could quote
    }
  }
  return forms;
}

function afterColon(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  return colon < 0 ? '' : userinfo.slice(colon + 1);
}
