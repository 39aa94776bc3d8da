// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Layers src/domain must not import: it is pure (no I/O, no clock, no randomness). */
const outsideTheDomain = [
  'commands',
  'store',
  'streams',
  'projections',
  'master-data',
  'cli',
  'demo',
  'bench',
  'audit',
].flatMap((layer) => [`../${layer}/*`, `../../${layer}/*`, `../../../${layer}/*`]);

const noClock = 'The domain has no clock: time arrives in commands.';

/** Casts that switch the type checker off (issue 16: none in the command path, src/domain included). */
const typeCheckerOff = [
  {
    selector: 'TSAsExpression > TSNeverKeyword',
    message: '`as never` hides a type error: type the value.',
  },
  {
    selector: 'TSAsExpression > TSAsExpression > TSUnknownKeyword',
    message: '`as unknown as` hides a type error: type the value.',
  },
];

export default defineConfig([
  globalIgnores(['dist/', 'coverage/', 'node_modules/']),
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Bugs the type checker alone lets through.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      // With verbatimModuleSyntax, `import { type A }` still loads the module at run time:
      // lazy loading (the EventStoreDB client, the subcommands) depends on `import type`.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/consistent-type-exports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          // Destructuring a field away (`const { secret: _, ...rest }`) is how a copy omits one.
          ignoreRestSiblings: true,
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // `execute({ … } as CommandRequest)` picks execute's typed overload: the assertion is
      // needed, though the rule cannot see it, and its fix would break the build.
      '@typescript-eslint/no-unnecessary-type-assertion': [
        'error',
        { typesToIgnore: ['CommandRequest'] },
      ],

      // The codebase's deliberate style, not bugs.
      // noUncheckedIndexedAccess makes every index possibly undefined; `!` marks the places
      // where the code knows better, and is reviewed as such.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Async methods without await implement async ports (stores, read models): a throw
      // becomes a rejection, as callers expect.
      '@typescript-eslint/require-await': 'off',
      // `get<T>(key): T` is how typed documents come out of a store.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // `Promise<number | void>`: a subcommand returns its exit code, or nothing for 0.
      '@typescript-eslint/no-invalid-void-type': 'off',
      // Prettier lays out the lines (a `[Symbol.asyncIterator]()` on a line of its own) and
      // never writes the hazard this rule guards against (what eslint-config-prettier turns off).
      'no-unexpected-multiline': 'off',
    },
  },
  {
    // The command path (issue 16): no casts that switch the type checker off.
    files: ['src/commands/**/*.ts', 'src/callstream.ts'],
    rules: { 'no-restricted-syntax': ['error', ...typeCheckerOff] },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: outsideTheDomain, message: 'src/domain is pure: it imports no other layer.' },
            { group: ['node:*'], message: 'src/domain is pure: no I/O.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: noClock },
        {
          object: 'Math',
          property: 'random',
          message: 'The domain has no randomness: ids arrive in commands.',
        },
      ],
      // Repeats the command path's selectors: a later block's options replace an earlier one's.
      'no-restricted-syntax': [
        'error',
        ...typeCheckerOff,
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: noClock },
      ],
    },
  },
  {
    // Tests read the CLI's JSON output and stored documents as they come; their assertions are the check.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // `const { readModels, dispose } = open()`: helpers hand back functions, not methods.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', crypto: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable' },
    },
  },
]);
