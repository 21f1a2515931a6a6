export const id = 176;
export const ids = [176];
export const modules = {

/***/ 1176:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lintAlongside: () => (/* binding */ lintAlongside)
});

// EXTERNAL MODULE: ./src/database/identifiers.ts
var identifiers = __webpack_require__(913);
// EXTERNAL MODULE: ./src/sql/tokenize.ts
var tokenize = __webpack_require__(571);
;// CONCATENATED MODULE: ./src/lint/name-candidates.ts


// PostgreSQL truncates identifiers to NAMEDATALEN \u2212 1 bytes.
const MAX_IDENTIFIER_BYTES = 63;
/**
 * Adds the candidates of `sql` to `into`. Returns false when a name in it cannot be foreseen
 * this way (a U&"\u2026" identifier, whose escapes only the parser reads), and the catalog must be
 * asked after parsing instead.
 */
function addNameCandidates(sql, into) {
    // the identifier before a '.', and whether the token just read is that '.'
    let previous = null;
    let afterDot = false;
    let pendingFunction = null;
    for (const token of (0,tokenize/* tokenize */.q)(sql)) {
        if (token.kind === 'error')
            return true; // the run refuses the file before anything runs
        if (pendingFunction !== null && token.kind === 'open-paren')
            into.functions.add(pendingFunction.toLowerCase());
        pendingFunction = null;
        if (token.kind === 'word' || token.kind === 'quoted-identifier') {
            const text = sql.slice(token.start, token.end);
            if (token.kind === 'quoted-identifier' && text[0] !== '"')
                return false;
            const name = truncated(token.kind === 'word' ? asciiLower(text) : text.slice(1, -1).replaceAll('""', '"'));
            into.relations.add((0,identifiers/* quoteIdentifier */.Cm)(name));
            if (afterDot && previous !== null)
                into.relations.add(`${(0,identifiers/* quoteIdentifier */.Cm)(previous)}.${(0,identifiers/* quoteIdentifier */.Cm)(name)}`);
            pendingFunction = name;
            previous = name;
            afterDot = false;
        }
        else if (token.kind === 'other' && sql.charCodeAt(token.start) === 0x2e && token.end === token.start + 1) {
            afterDot = previous !== null;
        }
        else {
            previous = null;
            afterDot = false;
        }
    }
    return true;
}
/** PostgreSQL folds unquoted identifiers to lower case in ASCII only (downcase_identifier). */
function asciiLower(text) {
    return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}
function truncated(name) {
    if (name.length <= MAX_IDENTIFIER_BYTES / 3 || Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES)
        return name;
    let bytes = 0;
    let end = 0;
    for (const char of name) {
        const size = Buffer.byteLength(char, 'utf8');
        if (bytes + size > MAX_IDENTIFIER_BYTES)
            break;
        bytes += size;
        end += char.length;
    }
    return name.slice(0, end);
}

;// CONCATENATED MODULE: ./src/lint/lint-alongside.ts

/**
 * The lint of an `up` whose lint cannot fail it (level warn), run while the migrations run.
 *
 * Loading PostgreSQL's parser and parsing the pending files is the lint's cost (about 100 ms for
 * one file, mostly the parser's start); the migrations do not wait for it. What the lint needs
 * from the database must still describe it before the first migration: the catalog is read now,
 * for every name the lexer finds in the pending files (a superset of what the parser will ask
 * about, name-candidates.ts), and the lint judges each file by that read, parsing it once: it
 * looks up only the names its statements touch, so the names the lexer added (a column alias,
 * a keyword) are never consulted, and a relation the read does not hold is absent as it would
 * be in a read for exactly the parser's names.
 *
 * Resolves once the catalog read is on its way; the lint itself starts when `start` settles (the
 * first migration's message is on its way: the parser's start holds the thread for tens of
 * milliseconds), and `finished` settles when `result.lint` is written. Null when a name cannot
 * be foreseen by the lexer: the lint then runs before the migrations.
 */
async function lintAlongside(database, pending, result, start) {
    const candidates = { relations: new Set(), functions: new Set() };
    for (const migration of pending) {
        if (migration.up && !addNameCandidates(migration.up.sql, candidates))
            return null;
    }
    // Sent now, ahead of the first migration, and not waited for: the migrations go right behind
    // it (the driver pipelines them), so that the lint costs no round trip before they run. A
    // refusal of the read is the lint's to report (lint-pending.ts); any other failure (the
    // connection) is also what the migrations meet, and is theirs to report.
    // (held as a value until the lint asks: a rejection nobody awaits yet would end the process)
    const read = database
        .readDatabaseFacts([...candidates.relations].sort(), [...candidates.functions].sort())
        .then((facts) => ({ facts }), (failure) => ({ failure }));
    const readAhead = {
        readDatabaseFacts: async () => {
            const outcome = await read;
            if ('failure' in outcome)
                throw outcome.failure;
            return outcome.facts;
        },
    };
    const finished = (async () => {
        await start;
        const { lintPending } = await Promise.all(/* import() */[__webpack_require__.e(21), __webpack_require__.e(526)]).then(__webpack_require__.bind(__webpack_require__, 2526));
        try {
            result.lint = await lintPending(readAhead, pending, { level: 'warn', syntax: false, review: [], readAhead: true }, result.warnings);
        }
        catch (error) {
            // the migrations ran, or failed, on their own: a lint that breaks must not hide what they did
            result.warnings.push(`the lint could not finish: ${error instanceof Error ? error.message : String(error)}`);
        }
    })();
    return { finished };
}


/***/ })

};
