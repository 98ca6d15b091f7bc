/**
 * The engine's layer order is a lint rule (eslint.config.js, ENGINE_LAYERS); these tests run
 * that rule on small sources placed in engine folders, so a change to the order or the patterns
 * that lets a lower folder reach a higher one fails here as it would fail `npm run lint`.
 */
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

// The config is plain JavaScript with no declarations; a computed path keeps tsc from asking for them.
const configModule = "../../../eslint.config.js";
const { ENGINE_LAYERS, engineLayerConfigs } = (await import(configModule)) as {
  ENGINE_LAYERS: string[][];
  engineLayerConfigs: Linter.Config[];
};

const linter = new Linter({ configType: "flat" });
const config = [
  { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
  ...engineLayerConfigs,
];

function problems(file: string, source: string): string[] {
  return linter.verify(source, config, { filename: file }).map((m) => m.message);
}

describe("the engine's layer order", () => {
  it("stops a store file from importing retrieve or answer, by value or by type", () => {
    const file = "electron/engine/store/catalog.ts";
    expect(problems(file, `import { rescore } from "../retrieve/rescore";`)).toHaveLength(1);
    expect(problems(file, `import { AnswerEngine } from "../answer/AnswerEngine";`)).toHaveLength(
      1,
    );
    expect(
      problems(file, `import type { TermStats } from "../answer/assessEvidence";`),
    ).toHaveLength(1);
    expect(problems(file, `export type { Passage } from "../retrieve/Retriever";`)).toHaveLength(1);
  });

  it("lets a folder import the folders below it and shared/", () => {
    expect(
      problems(
        "electron/engine/answer/x.ts",
        `import type { Store } from "../store/types";\nimport { x } from "../retrieve/y";`,
      ),
    ).toEqual([]);
    expect(
      problems(
        "electron/engine/store/x.ts",
        `import type { Embedder } from "../llm/types";\nimport { SerialQueue } from "../support/serialQueue";\nimport { tokenize } from "../../../shared/text";`,
      ),
    ).toEqual([]);
  });

  it("keeps folders on one row independent of each other", () => {
    expect(
      problems(
        "electron/engine/ingest/x.ts",
        `import { prepareQuery } from "../retrieve/prepareQuery";`,
      ),
    ).toHaveLength(1);
    expect(
      problems(
        "electron/engine/llm/x.ts",
        `import { installNetworkGuard } from "../net/networkGuard";`,
      ),
    ).toHaveLength(1);
  });

  it("stops every folder from importing the root files that compose it", () => {
    for (const folder of ENGINE_LAYERS.flat()) {
      expect(
        problems(`electron/engine/${folder}/x.ts`, `import { Engine } from "../Engine";`),
        folder,
      ).toHaveLength(1);
    }
  });

  it("holds a folder's subfolders (ingest/formats/) to the same rules, one level further down", () => {
    const file = "electron/engine/ingest/formats/x.ts";
    expect(
      problems(
        file,
        `import { BoundedZipReader } from "../readZip";\nimport type { Store } from "../../store/types";`,
      ),
    ).toEqual([]);
    expect(problems(file, `import { Engine } from "../../Engine";`)).toHaveLength(1);
    expect(problems(file, `import { x } from "../../answer/y";`)).toHaveLength(1);
    expect(problems(file, `import { x } from "../../retrieve/y";`)).toHaveLength(1);
  });

  it("keeps Electron, main, preload and renderer out of every folder", () => {
    expect(problems("electron/engine/store/x.ts", `import { app } from "electron";`)).toHaveLength(
      1,
    );
  });
});
