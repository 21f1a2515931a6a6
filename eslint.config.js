// Lint for the sources, tests and scripts. Type-aware rules catch floating promises, which in a
// migration runner mean a statement whose failure nobody sees.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/work/**', 'src/**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // node:crypto costs milliseconds to load: the run loads it when it first needs it
    files: ['src/**/*.ts'],
    ignores: ['src/crypto-on-demand.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['node:crypto', 'crypto'].map((name) => ({ name, message: 'use nodeCrypto() from src/crypto-on-demand.ts' })) },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: globals.node, sourceType: 'module' },
  },
);
