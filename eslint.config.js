// ESLint flat config: Next.js's rules (React, hooks, jsx-a11y, Core Web Vitals) plus typescript-eslint's
// type-checked rules, which catch what plain linting cannot (floating promises, unsafe `any` flows).
// `npm run lint` fails on any warning, so every rule here is effectively an error.
import { defineConfig } from "eslint/config";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    // Generated or third-party output: never linted.
    ignores: [
      "lib/generated/**",
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "prisma/migrations/**",
      "playwright-report/**",
      "blob-report/**",
      "test-results/**",
      ".data/**",
      ".data-*/**",
      "next-env.d.ts",
    ],
  },
  nextCoreWebVitals,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The TypeScript project service finds tsconfig.json for each file: no list of projects to keep.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Unused names are a warning in Next's preset; with --max-warnings 0 they fail either way. A leading
      // underscore marks a parameter that must exist for its position.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Server actions and event handlers may be async; React accepts a promise-returning handler.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Playwright fixtures receive a callback named `use`; it is not React's use() hook.
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Specs must get `test` and `expect` from e2e/fixtures.ts, which checks every page with axe, and open
    // extra browser contexts through its openContext fixture for the same reason.
    files: ["e2e/**/*.ts"],
    ignores: ["e2e/fixtures.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@playwright/test",
              importNames: ["test", "expect"],
              message: "Import test and expect from e2e/fixtures.ts: it checks every page with axe.",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='newContext']",
          message:
            "Use the openContext fixture (e2e/fixtures.ts): pages of its contexts are checked with axe.",
        },
      ],
    },
  },
  {
    // Plain JavaScript config files are outside tsconfig's type information.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
