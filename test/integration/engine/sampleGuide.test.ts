/**
 * The first minute from the command line: `import --sample` imports Enclave's own user guide,
 * and its suggested questions are answered from it, cited to its pages, with no model at all.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { SAMPLE_GUIDE_FILE, SAMPLE_QUESTIONS } from "../../../shared/sampleGuide";
import { json, runCliSync } from "./cliHelpers";

interface ImportJson {
  results: { file: string; ok: boolean; skipped?: boolean; pages?: number }[];
}
interface AskJson {
  found: boolean;
  mode: "generative" | "extractive";
  answer: string;
  citations: { n: number; file: string; title: string; page: number; heading: string }[];
}

/** The guide section each suggested question belongs to (its first citation's heading). */
const expectedSections: Record<string, RegExp> = {
  "How do I import a whole folder?": /2\.1 Files and folders/,
  "What happens when the documents do not answer a question?": /3\.2 When the documents do not/,
  "Where do I put GGUF model files?": /6\.2 Where GGUF files go/,
  "Does Enclave connect to the network?": /7\.1 Nothing leaves the machine/,
};

let dir: string;
let dataDir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-sample-"));
  dataDir = path.join(dir, "data");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("enclave import --sample", () => {
  it("imports the user guide as a PDF of several pages and names questions to ask it", () => {
    const run = runCliSync(["--data-dir", dataDir, "import", "--sample"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`imported\\s+${SAMPLE_GUIDE_FILE}\\s+\\((\\d+) pages`));
    expect(Number(/\((\d+) pages/.exec(run.stdout)?.[1])).toBeGreaterThanOrEqual(7);
    expect(run.stdout).toContain(`ask "${SAMPLE_QUESTIONS[0]}"`);
  });

  it('answers "How do I import a whole folder?" from the guide, cited to its page, with no model', () => {
    const a = json<AskJson>(
      runCliSync(["--data-dir", dataDir, "ask", "How do I import a whole folder?", "--json"]),
    );
    expect(a.mode).toBe("extractive");
    expect(a.found).toBe(true);
    expect(a.citations[0]).toMatchObject({ file: SAMPLE_GUIDE_FILE, title: "Enclave user guide" });
    // Page 1 is the title page; the import section starts on a later page of its own.
    expect(a.citations[0]?.page).toBeGreaterThan(1);
    expect(a.citations[0]?.heading).toMatch(/Files and folders/);
    expect(a.answer).toMatch(/Import a folder/);
  });

  it("changes nothing when the guide is imported again", () => {
    const again = json<ImportJson>(
      runCliSync(["--data-dir", dataDir, "import", "--sample", "--json"]),
    );
    expect(again.results).toEqual([
      expect.objectContaining({ file: SAMPLE_GUIDE_FILE, ok: true, skipped: true }),
    ]);
    const docs = json<{ documents: unknown[] }>(
      runCliSync(["--data-dir", dataDir, "docs", "--json"]),
    );
    expect(docs.documents).toHaveLength(1);
  });

  it("refuses --sample together with paths, saying what to give", () => {
    const run = runCliSync(["--data-dir", dataDir, "import", "--sample", dir]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/not both/);
  });

  it("answers every suggested question from the guide section that covers it", async () => {
    expect(Object.keys(expectedSections).sort()).toEqual([...SAMPLE_QUESTIONS].sort());
    const engine = await Engine.create({ dataDir, bundledModelsDir: path.join(dir, "no-models") });
    try {
      for (const [i, question] of SAMPLE_QUESTIONS.entries()) {
        const { answer } = await engine.ask({
          question,
          collection: "default",
          conversationId: null,
          requestId: `sample-${i}`,
        });
        expect(answer.found, question).toBe(true);
        expect(answer.citations[0]?.file, question).toBe(SAMPLE_GUIDE_FILE);
        expect(answer.citations[0]?.heading, question).toMatch(expectedSections[question] ?? /^$/);
      }
      // The guide does not answer what it does not cover.
      const { answer } = await engine.ask({
        question: "What is the capital of France?",
        collection: "default",
        conversationId: null,
        requestId: "sample-off-topic",
      });
      expect(answer.found).toBe(false);
    } finally {
      await engine.close();
    }
  });
});
