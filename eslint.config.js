// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

/** Layers import in one direction only: shared <- engine/main/preload/renderer. */
const layer = (files, patterns) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns }] },
});

const engineBoundary = {
  group: ["electron", "**/main/**", "**/preload/**", "**/renderer/**"],
  message: "The engine imports nothing from Electron, main, preload or renderer.",
};

/**
 * The engine's folders, lowest first. A folder imports only from folders on lower rows (and
 * from shared/, where the text analyser lives); folders on one row are independent of each
 * other; nothing in a folder imports the root files (Engine.ts, its errors, paths, events),
 * which compose the folders. Type-only imports count too (`no-restricted-imports` checks them),
 * so a layer cannot lean on a higher one even for a type.
 */
export const ENGINE_LAYERS = [
  ["support"],
  ["net", "llm", "policy"],
  ["store"],
  ["ingest", "retrieve", "packs"],
  ["answer"],
  ["library", "audit", "sync"],
];

/**
 * Configs per engine folder: what that folder may not import. Files directly in the folder and
 * files in its subfolders (e.g. ingest/formats/) get one each, because "the engine's root files"
 * lie one `../` further up from a subfolder.
 */
export const engineLayerConfigs = ENGINE_LAYERS.flatMap((row, level) =>
  row.flatMap((folder) => {
    const above = ENGINE_LAYERS.slice(level)
      .flat()
      .filter((f) => f !== folder);
    return [
      { files: [`electron/engine/${folder}/*.ts`], up: "\\.\\./" },
      { files: [`electron/engine/${folder}/*/**/*.ts`], up: "\\.\\./\\.\\./" },
    ].map(({ files, up }) => ({
      files,
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              engineBoundary,
              {
                regex: `^(\\.\\./)+(${above.join("|")})(/|$)`,
                message: `engine/${folder} sits below ${above.join(", ")} (see ENGINE_LAYERS in eslint.config.js): move the shared part down, or pass it in from Engine.ts.`,
              },
              {
                regex: `^${up}[A-Za-z]+$`,
                message: `engine/${folder} may not import the engine's root files (Engine.ts and its helpers): they compose the folders, not the other way round.`,
              },
            ],
          },
        ],
      },
    }));
  }),
);

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "release/**",
      ".tsbuild/**",
      "node_modules/**",
      "artifacts/**",
      "coverage/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [
        createTypeScriptImportResolver({
          project: "./tsconfig.*.json",
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true },
      ],
      "no-empty": ["error", { allowEmptyCatch: false }],
      "import-x/no-cycle": "error",
    },
  },
  {
    files: ["renderer/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(
    ["shared/**/*.ts"],
    [
      {
        group: ["**/electron/**", "**/renderer/**", "node:*", "electron", "react"],
        message: "shared/ is pure TypeScript.",
      },
    ],
  ),
  layer(["electron/engine/**/*.ts", "electron/cli/**/*.ts"], [engineBoundary]),
  ...engineLayerConfigs,
  layer(
    ["electron/main/**/*.ts"],
    [
      {
        group: ["**/preload/**", "**/renderer/**"],
        message: "main never imports preload or renderer.",
      },
    ],
  ),
  layer(
    ["electron/preload/**/*.ts"],
    [
      {
        group: ["**/main/**", "**/engine/**", "**/renderer/**"],
        message: "preload only knows the contract.",
      },
    ],
  ),
  layer(
    ["renderer/**/*.{ts,tsx}"],
    [
      {
        group: ["**/electron/**", "electron", "node:*"],
        message: "The renderer talks to the app only through src/api.ts.",
      },
    ],
  ),
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
