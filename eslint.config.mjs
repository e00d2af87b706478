// Lints the plugin's own code, including with eslint-plugin-eslint-plugin's rules for rule authors.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/', 'dist-check/', 'node_modules/', 'fixtures/', 'test/fixtures/', 'docs/'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
  },
  {
    // Suggestions are attached by `reportWithFix` (src/fixes), which this check cannot see through.
    files: ['src/rules/**/*.ts'],
    rules: { 'eslint-plugin/require-meta-has-suggestions': 'off' },
  },
  {
    files: ['test/rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
  },
  {
    // CommonJS by nature (the pre-commit entry).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
