import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listOcrLanguages } from "../../../electron/engine/ingest/ocr/ocrLanguages";

const dir = mkdtempSync(join(tmpdir(), "enclave-ocr-langs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the OCR languages the models panel lists", () => {
  it("lists English as built in and in use when policy sets nothing", () => {
    expect(listOcrLanguages({ languages: ["eng"], languagesDir: null })).toEqual([
      { code: "eng", source: "built-in", inUse: true },
    ]);
  });

  it("lists IT's traineddata files, which are in use, and languages named but not installed", () => {
    writeFileSync(join(dir, "deu.traineddata"), "x");
    writeFileSync(join(dir, "fra.traineddata.gz"), "x");
    writeFileSync(join(dir, "README.txt"), "not a language");
    expect(listOcrLanguages({ languages: ["eng", "deu", "spa"], languagesDir: dir })).toEqual([
      { code: "eng", source: "built-in", inUse: true },
      { code: "deu", source: "policy-folder", inUse: true },
      { code: "fra", source: "policy-folder", inUse: false },
      { code: "spa", source: "missing", inUse: true },
    ]);
  });

  it("lists nothing from a policy folder that is not there", () => {
    expect(
      listOcrLanguages({ languages: ["eng"], languagesDir: join(dir, "absent") }).map(
        (l) => l.code,
      ),
    ).toEqual(["eng"]);
  });
});
