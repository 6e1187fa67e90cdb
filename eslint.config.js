// ESLint flat config: typed typescript-eslint rules plus the layer boundaries of the house style
// (domain/ is pure, services/ never reach up into the adapters, no import cycles anywhere).
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

const root = import.meta.dirname;

// Packages that tie code to a runtime, a transport or an outside system. Plain libraries
// (zod, es-hangul, fastest-levenshtein, yaml, music-metadata) stay allowed in domain/.
const frameworkPackages = [
  "@colyseus/*",
  "express",
  "express-*",
  "helmet",
  "multer",
  "swagger-ui-express",
  "@asteasolutions/zod-to-openapi",
  "@prisma/*",
  "prisma",
  "pglite-prisma-adapter",
  "@electric-sql/*",
  "pg",
  "pg-*",
  "ioredis",
  "rate-limiter-flexible",
  "pino",
  "pino-*",
  "prom-client",
  "@google/*",
  "@google-cloud/*",
  "google-gax",
  "minio",
  "ws",
];
// Subpaths too: "@prisma/client/runtime" is as much a framework as "@prisma/client".
const frameworkPatterns = frameworkPackages.flatMap((name) => [name, `${name}/**`]);

// One clock: rooms read the Colyseus clock, everything else the injected Clock (domain/clock.ts),
// so that tests can set the time and every timestamp and duration agrees with the others.
const clockMessage = "read the time from the injected Clock (domain/clock.ts; the Colyseus clock in a room), not the system clock";
const systemClockReads = [
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: `Date.now: ${clockMessage}.` },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `new Date() without arguments: ${clockMessage}.` },
  { selector: "CallExpression[callee.name='Date']", message: `Date(): ${clockMessage}.` },
  { selector: "MemberExpression[object.name='performance'][property.name='now']", message: `performance.now: ${clockMessage}.` },
  { selector: "MemberExpression[object.name='process'][property.name='hrtime']", message: `process.hrtime: ${clockMessage}.` },
  // Renamed on import, performance.now would slip past the selector above.
  {
    selector: "ImportDeclaration[source.value=/^(node:)?perf_hooks$/] ImportSpecifier[imported.name='performance']",
    message: `performance from perf_hooks: ${clockMessage}.`,
  },
];
const dynamicImport = { selector: "ImportExpression", message: "domain/ imports statically, so the boundary checks see every dependency." };

export default defineConfig(
  {
    ignores: ["services/database/generated/", "data/", "unity/", "bench-results/", "coverage/", "web/dist/", "test-output/"],
  },
  // An exception outlives its reason silently otherwise.
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      // Named here as well, so that a change of preset cannot drop them.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      // A leading underscore marks a parameter a signature requires but this function ignores
      // (Express knows an error handler by its four parameters).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.{ts,js}"],
    plugins: { "import-x": importX },
    settings: {
      // Without these, import-x parses only .js files and no-cycle cannot follow a .ts import.
      "import-x/extensions": [".ts", ".js"],
      "import-x/external-module-folders": ["node_modules", "node_modules/@types"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": [
        "error",
        {
          basePath: root,
          zones: [
            {
              target: "./domain",
              from: ["./services", "./rooms", "./http", "./schema", "./server"],
              message: "domain/ is pure logic: take what it needs as arguments or an interface of its own.",
            },
            {
              target: "./services",
              from: ["./rooms", "./http", "./server"],
              message: "services/ must not depend on what uses them (rooms/, http/, server/).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["domain/**/*.ts", "rooms/**/*.ts", "services/**/*.ts", "http/**/*.ts"],
    // The system clock itself, handed to everything else from services/index.ts.
    ignores: ["services/clock.ts"],
    rules: { "no-restricted-syntax": ["error", ...systemClockReads] },
  },
  {
    files: ["domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: frameworkPatterns,
              message: "domain/ must not import a framework or an outside system's client: put it behind an interface in services/.",
            },
          ],
        },
      ],
      // no-restricted-imports sees only static imports; a dynamic one would slip past it. (This
      // replaces the clock rule above for domain/, so it repeats it.)
      "no-restricted-syntax": ["error", dynamicImport, ...systemClockReads],
    },
  },
);
