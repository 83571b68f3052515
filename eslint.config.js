// ESLint 9 flat config: typescript-eslint's recommended rules (no type information, so it stays
// fast) and the layer rules. Layers: src/core ← src/scenario ← src/run ← src/analysis ←
// src/cli / src/server; web/src is the page, which talks to the server over HTTP and may run
// pure code from the layers below src/cli and src/server in the browser.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Any relative or src/-rooted specifier that reaches into one of `folders` of src/. */
const into = (...folders) => `(^|/)(src/)?(${folders.join('|')})(/|$)`;
const nodeBuiltins = { regex: '^node:', message: 'node built-ins stay out of this layer: the page runs it in the browser' };

/** `no-restricted-imports` for one layer: each entry { regex, message }. */
const layer = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // a regex with the spaces a terminal line prints reads better than ` {2}`
      'no-regex-spaces': 'off',
    },
  },
  {
    // the fdlibm-style constants are written digit for digit as their sources give them; the
    // nearest double is what is meant
    files: ['src/core/**/*.ts', 'benchmarks/**/*.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    // tests edit raw scenario objects field by field
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: layer({ regex: into('scenario', 'run', 'analysis', 'cli', 'server'), message: 'src/core imports nothing from the layers above it' }, nodeBuiltins),
  },
  {
    files: ['src/scenario/**/*.ts'],
    rules: layer({ regex: into('run', 'analysis', 'cli', 'server'), message: 'src/scenario imports only from src/core' }),
  },
  {
    files: ['src/run/**/*.ts'],
    rules: layer({ regex: into('analysis', 'cli', 'server'), message: 'src/run imports only from src/core and src/scenario' }),
  },
  {
    files: ['src/analysis/**/*.ts'],
    rules: layer(
      { regex: into('cli', 'server'), message: 'src/analysis knows no HTTP or terminal: src/cli and src/server call it, not the other way round' },
      { regex: '^(fastify|@fastify/|fastify-|node:(http|https|http2|net|readline|tty)$)', message: 'src/analysis knows no HTTP or terminal' },
    ),
  },
  {
    files: ['web/src/**/*.ts'],
    rules: layer(
      { regex: into('server', 'cli'), message: 'the page talks to the server over HTTP only: no src/server or src/cli' },
      { regex: '^(node:|fastify|@fastify/|fastify-|bullmq|ioredis)', message: 'the page runs in the browser: no node-only modules' },
    ),
  },
);
