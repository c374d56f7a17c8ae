import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Attributes whose text a person reads or hears. */
const SPOKEN_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
]);
/** Properties whose text a person reads or hears. */
const SPOKEN_PROPERTIES = new Set(['textContent', 'innerText', 'title', 'placeholder', 'ariaLabel', 'label']);
/** Words that are the same in every language: the product's name. */
const NAMES = new Set(['Apostil']);

/** The text a string or template literal puts on screen (template parts only), or null for other nodes. */
function literalText(node) {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? '').join(' ');
  if (node.type === 'ConditionalExpression') return [literalText(node.consequent), literalText(node.alternate)].filter((t) => t !== null).join(' ') || null;
  if (node.type === 'LogicalExpression') return literalText(node.right);
  return null;
}

/** True when the text has words in it (letters, not only glyphs, digits and punctuation) that are not a name. */
function hasWords(text) {
  return text !== null && text.split(/\s+/).some((word) => /\p{L}/u.test(word) && !NAMES.has(word.replace(/[^\p{L}]/gu, '')));
}

/**
 * A local rule in the spirit of VS Code's code-no-unexternalized-strings: text the
 * interface shows comes from the message catalogues (`t()`), never a literal in a
 * view. It checks the children and spoken attributes of `h()`, spoken DOM properties
 * and `setAttribute` of spoken attributes.
 */
const noUnexternalizedStrings = {
  meta: { type: 'problem', messages: { literal: 'Interface text "{{text}}" belongs in the message catalogues (app/ui/i18n): use t().' }, schema: [] },
  create(context) {
    const report = (node) => {
      const text = literalText(node);
      if (hasWords(text)) context.report({ node, messageId: 'literal', data: { text: text.trim().slice(0, 40) } });
    };
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier' && callee.name === 'h') {
          const [, attrs, ...children] = node.arguments;
          children.forEach(report);
          if (attrs?.type === 'ObjectExpression') {
            for (const p of attrs.properties) {
              const key = p.type === 'Property' ? (p.key.type === 'Identifier' ? p.key.name : p.key.value) : null;
              if (SPOKEN_ATTRIBUTES.has(key)) report(p.value);
            }
          }
        } else if (callee.type === 'MemberExpression' && callee.property.name === 'setAttribute') {
          const [name, value] = node.arguments;
          if (name?.type === 'Literal' && SPOKEN_ATTRIBUTES.has(name.value) && value) report(value);
        } else if (callee.type === 'MemberExpression' && ['append', 'prepend', 'replaceChildren', 'before', 'after'].includes(callee.property.name)) {
          node.arguments.forEach(report);
        }
      },
      AssignmentExpression(node) {
        if (node.left.type === 'MemberExpression' && SPOKEN_PROPERTIES.has(node.left.property.name)) report(node.right);
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/testdata/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['app/core/**/*.ts', 'app/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'The core knows nothing of Electron.' },
            { group: ['**/ui/**', 'prosemirror-*'], message: 'The core knows nothing of the DOM or the editor.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator'],
    },
  },
  {
    files: ['app/sync/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Sync runs in Node beside the core; it knows nothing of Electron.' },
            { group: ['**/ui/**', 'prosemirror-view', 'prosemirror-state'], message: 'Sync converts notes with the schema only; no DOM, no editor.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator'],
    },
  },
  {
    files: ['app/ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/core/*', '!**/core/model'], message: 'The ui reaches the core only through the api client.' },
            { group: ['node:*', 'electron', 'better-sqlite3'], message: 'The renderer has no Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['app/ui/**/*.ts'],
    ignores: ['app/ui/i18n/messages.*.ts'],
    plugins: { local: { rules: { 'no-unexternalized-strings': noUnexternalizedStrings } } },
    rules: { 'local/no-unexternalized-strings': 'error' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
);
