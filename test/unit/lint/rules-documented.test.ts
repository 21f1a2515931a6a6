import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, RULE_NAMES } from '../../../src/lint/rules.js';
import { ROOT } from '../../helpers/run.js';

describe('the lint rules', () => {
  it('are each documented in the README by their stable name', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const rule of RULE_NAMES) expect(readme, rule).toContain(`| \`${rule}\``);
  });

  it('each say why in one line, and what to do instead', () => {
    for (const rule of RULE_NAMES) {
      expect(RULES[rule].why, rule).toMatch(/^[^\n]{20,200}$/);
      expect(RULES[rule].instead, rule).toMatch(/^[^\n]{5,200}$/);
    }
  });
});
