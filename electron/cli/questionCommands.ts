/** `search` and `ask`: questions from the command line, answered with page citations. */
import { ocrLabel } from "../../shared/ocr";
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { DEFAULT_COLLECTION } from "../engine/paths";
import type { CliContext } from "./CliContext";
import { catalogId, CliUsageError } from "./CliEngine";
import { answerJson, searchResultJson, sourceName } from "./jsonShapes";
import { collect, resolveDocuments } from "./resolveDocuments";

const DOCUMENT_HELP = "only this document of the collection: its id or file name (repeatable)";

export function addQuestionCommands(
  program: Command,
  { io, print, withEngine, withReader, nextRequestId }: CliContext,
): void {
  program
    .command("search")
    .description("full-text (and vector, when embedded) passage search")
    .argument("[question]", "what to look for")
    .option("--collection <name>", "collection to search", DEFAULT_COLLECTION)
    .option("--limit <n>", "number of results", (v) => parsePositiveInt(v, "--limit"), 10)
    .option("--document <id-or-file>", DOCUMENT_HELP, collect)
    .option(
      "--batch <questions.jsonl>",
      'JSON lines {"id","question"}; prints one JSON line per question',
    )
    .option("--json", "print JSON")
    .action(
      async (
        question: string | undefined,
        opts: {
          collection: string;
          limit: number;
          batch?: string;
          json?: boolean;
          document?: string[];
        },
      ) => {
        if (opts.batch === undefined && (question === undefined || question.trim() === "")) {
          throw new CliUsageError("search needs a question, or --batch <questions.jsonl>.");
        }
        await withReader(async (engine) => {
          const documents = await resolveDocuments(engine, opts.collection, opts.document);
          if (opts.batch !== undefined) {
            const lines = (await readFile(opts.batch, "utf8"))
              .split("\n")
              .filter((l) => l.trim() !== "");
            for (const [i, line] of lines.entries()) {
              const q = parseBatchLine(line, i + 1);
              const results = await engine.search({
                query: q.question,
                collections: [opts.collection],
                limit: opts.limit,
                documents,
              });
              print(JSON.stringify({ id: q.id, results: results.map(searchResultJson) }));
            }
            return;
          }
          const results = await engine.search({
            query: question ?? "",
            collections: [opts.collection],
            limit: opts.limit,
            documents,
          });
          if (opts.json === true) {
            print(JSON.stringify({ results: results.map(searchResultJson) }));
            return;
          }
          if (results.length === 0) print("No passage matches.");
          for (const [i, r] of results.entries()) {
            const label =
              r.pageLabel !== null && r.pageLabel !== String(r.page)
                ? ` (printed ${r.pageLabel})`
                : "";
            const pages = r.pageEnd !== r.page ? `pp. ${r.page}–${r.pageEnd}` : `p. ${r.page}`;
            print(
              `${i + 1}. ${r.title} — ${sourceName(r)}, ${pages}${label}${r.heading ? `, ${r.heading}` : ""}${r.ocr === undefined ? "" : ` (${ocrLabel(r.ocr)})`}  [${r.score.toFixed(2)}]`,
            );
            print(`   ${oneLine(r.text, 240)}`);
          }
        });
      },
    );

  program
    .command("ask")
    .description("answer a question from the collection, with page citations")
    .argument("<question>", "the question")
    .option("--collection <name>", "collection to ask", DEFAULT_COLLECTION)
    .option(
      "--model <gguf>",
      "chat model for this question only (default: the selected one; none gives an extractive answer)",
    )
    .option("--conversation <id>", "continue a conversation (follow-up questions)")
    .option("--document <id-or-file>", `${DOCUMENT_HELP}; a follow-up keeps its scope`, collect)
    .option("--json", "print JSON")
    .action(
      async (
        question: string,
        opts: {
          collection: string;
          model?: string;
          conversation?: string;
          json?: boolean;
          document?: string[];
        },
      ) => {
        await withEngine(async (engine) => {
          const documents = await resolveDocuments(engine, opts.collection, opts.document);
          const chatModelId =
            opts.model === undefined ? undefined : await catalogId(engine, opts.model);
          const requestId = nextRequestId();
          const streaming = opts.json !== true && io.stdout.isTTY === true;
          const off = streaming
            ? engine.on("answerToken", (t) => {
                if (t.requestId === requestId) io.stdout.write(t.text);
              })
            : () => undefined;
          const controller = new AbortController();
          const onSigint = (): void => {
            void engine.abortAsk({ requestId });
            controller.abort();
          };
          process.once("SIGINT", onSigint);
          try {
            const { answer, conversationId } = await engine.ask(
              {
                question,
                collection: opts.collection,
                conversationId: opts.conversation ?? null,
                requestId,
                documents,
              },
              { chatModelId },
            );
            if (opts.json === true) {
              print(JSON.stringify({ ...answerJson(answer), conversationId }));
              return;
            }
            if (!streaming || answer.mode === "extractive") print(answer.answer);
            else print("");
            if (answer.pageNote) print(`\n${answer.pageNote}`);
            if (answer.notice) print(`\n${answer.notice}`);
            for (const c of answer.citations) {
              const pages = c.pageEnd !== c.page ? `pp. ${c.page}–${c.pageEnd}` : `p. ${c.page}`;
              print(
                `[${c.n}] ${c.title} — ${c.file}, ${pages}${c.heading ? `, ${c.heading}` : ""}`,
              );
            }
            for (const s of answer.unsupported) print(`(not supported by its sources) ${s}`);
            print(`\nconversation: ${conversationId}`);
          } finally {
            off();
            process.removeListener("SIGINT", onSigint);
          }
        });
      },
    );
}

function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new CliUsageError(`${flag} takes a whole number from 1 to 1000.`);
  return n;
}

function parseBatchLine(line: string, lineNo: number): { id: string; question: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CliUsageError(`--batch line ${lineNo} is not JSON.`);
  }
  const v = value as { id?: unknown; question?: unknown };
  if (typeof v.question !== "string")
    throw new CliUsageError(`--batch line ${lineNo} has no "question".`);
  return {
    id: typeof v.id === "string" || typeof v.id === "number" ? String(v.id) : String(lineNo),
    question: v.question,
  };
}

function oneLine(text: string, max: number): string {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
