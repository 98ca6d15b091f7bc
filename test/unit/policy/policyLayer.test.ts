/** engine/policy sits on the engine's bottom row, so the CLI and main can share its reader. */
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

// The config is plain JavaScript with no declarations; a computed path keeps tsc from asking for them.
const configModule = "../../../eslint.config.js";
const { engineLayerConfigs } = (await import(configModule)) as {
  engineLayerConfigs: Linter.Config[];
};
const linter = new Linter({ configType: "flat" });
const config = [
  { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
  ...engineLayerConfigs,
];
const problems = (file: string, source: string): string[] =>
  linter.verify(source, config, { filename: file }).map((m) => m.message);

describe("the policy folder's place among the engine's layers", () => {
  it("may import support/ and shared/, but nothing above it nor Electron", () => {
    const file = "electron/engine/policy/x.ts";
    expect(problems(file, `import { resolvePolicy } from "../../../shared/policy";`)).toEqual([]);
    expect(problems(file, `import { SerialQueue } from "../support/serialQueue";`)).toEqual([]);
    expect(problems(file, `import type { Store } from "../store/types";`)).toHaveLength(1);
    expect(problems(file, `import { Engine } from "../Engine";`)).toHaveLength(1);
    expect(problems(file, `import { app } from "electron";`)).toHaveLength(1);
  });

  it("is importable from the folders above it", () => {
    expect(
      problems(
        "electron/engine/library/x.ts",
        `import { readManagedPolicy } from "../policy/readManagedPolicy";`,
      ),
    ).toEqual([]);
  });
});
