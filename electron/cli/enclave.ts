/**
 * `enclave` — the engine, headless: for admins' scripts, for our own checks, and behind
 * `Enclave --cli …` in the installed app. Same engine and contract as the desktop app.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Command, CommanderError } from "commander";
import type { DocumentInfo, ImportReport } from "../../shared/types";
import { DEFAULT_COLLECTION, defaultDataDir } from "../engine/paths";
import { answerJson, searchResultJson } from "./jsonShapes";
import { ProgressBar } from "./progressBar";
import { auditCommand } from "./auditCommand";
import { catalogId, CliUsageError, ensureCollection, listAllDocuments, openEngine, type CliEngine, type EngineOpener } from "./CliEngine";
import { writeDiagnostics } from "../engine/diagnostics";
import { otherToolFolders } from "../engine/llm/otherToolFolders";

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
}

interface GlobalOptions {
  dataDir: string;
  showRefusals?: boolean;
}

let requestCounter = 0;
const nextRequestId = (): string => `cli-${process.pid}-${++requestCounter}`;

/** Runs the CLI with user arguments (no node/script prefix) and resolves to the exit code. */
export async function runCli(args: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }, open: EngineOpener = openEngine): Promise<number> {
  const print = (line: string): void => void io.stdout.write(`${line}\n`);
  const warn = (line: string): void => void io.stderr.write(`${line}\n`);
  let exitCode = 0;

  const program = new Command("enclave")
    .description("Enclave: answers from your documents, cited to the page, offline.")
    .option("--data-dir <dir>", "data folder", defaultDataDir())
    .option("--show-refusals", "print the network connections the engine refused, at exit")
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });

  const withEngine = async <T>(fn: (engine: CliEngine) => Promise<T>, externalModelDirs?: string[]): Promise<T> => {
    const globals = program.opts<GlobalOptions>();
    const engine = await open(path.resolve(globals.dataDir), { externalModelDirs, resumeEmbedding: false });
    try {
      return await fn(engine);
    } finally {
      if (globals.showRefusals === true) {
        const refusals = engine.guardRefusals();
        warn(refusals.length === 0 ? "Network: no connection attempted." : `Network: refused ${refusals.length} connection(s):`);
        for (const r of refusals) warn(`  ${r.at} ${r.kind} ${r.target}`);
      }
      await engine.close();
    }
  };

  program
    .command("import")
    .description("import files and folders (recursively) into a collection")
    .argument("<paths...>", "files or folders")
    .option("--collection <name>", "collection to import into", DEFAULT_COLLECTION)
    .option("--embedding-model <gguf>", "embed passages with this GGUF embedding model")
    .option("--json", "print the result as JSON")
    .action(async (paths: string[], opts: { collection: string; embeddingModel?: string; json?: boolean }) => {
      const report = await withEngine(async (engine) => {
        if (opts.embeddingModel !== undefined) await engine.selectModel({ role: "embedding", modelId: await catalogId(engine, opts.embeddingModel) });
        const bar = new ProgressBar({ stream: io.stderr });
        const off = engine.on("importProgress", (e) => bar.onEvent(e));
        try {
          await ensureCollection(engine, opts.collection);
          return await engine.importPaths({ collection: opts.collection, requestId: nextRequestId(), paths: paths.map((p) => path.resolve(p)) });
        } finally {
          off();
        }
      });
      printImportReport(report, opts.json === true, print);
      if (report.results.some((r) => !r.ok)) exitCode = 2;
    });

  program
    .command("search")
    .description("full-text (and vector, when embedded) passage search")
    .argument("[question]", "what to look for")
    .option("--collection <name>", "collection to search", DEFAULT_COLLECTION)
    .option("--limit <n>", "number of results", (v) => parsePositiveInt(v, "--limit"), 10)
    .option("--batch <questions.jsonl>", 'JSON lines {"id","question"}; prints one JSON line per question')
    .option("--json", "print JSON")
    .action(async (question: string | undefined, opts: { collection: string; limit: number; batch?: string; json?: boolean }) => {
      if (opts.batch === undefined && (question === undefined || question.trim() === "")) {
        throw new CliUsageError("search needs a question, or --batch <questions.jsonl>.");
      }
      await withEngine(async (engine) => {
        if (opts.batch !== undefined) {
          const lines = (await readFile(opts.batch, "utf8")).split("\n").filter((l) => l.trim() !== "");
          for (const [i, line] of lines.entries()) {
            const q = parseBatchLine(line, i + 1);
            const results = await engine.search({ query: q.question, collections: [opts.collection], limit: opts.limit });
            print(JSON.stringify({ id: q.id, results: results.map(searchResultJson) }));
          }
          return;
        }
        const results = await engine.search({ query: question ?? "", collections: [opts.collection], limit: opts.limit });
        if (opts.json === true) {
          print(JSON.stringify({ results: results.map(searchResultJson) }));
          return;
        }
        if (results.length === 0) print("No passage matches.");
        for (const [i, r] of results.entries()) {
          const label = r.pageLabel !== null && r.pageLabel !== String(r.page) ? ` (printed ${r.pageLabel})` : "";
          const pages = r.pageEnd !== r.page ? `pp. ${r.page}–${r.pageEnd}` : `p. ${r.page}`;
          print(`${i + 1}. ${r.title} — ${r.file}, ${pages}${label}${r.heading ? `, ${r.heading}` : ""}  [${r.score.toFixed(2)}]`);
          print(`   ${oneLine(r.text, 240)}`);
        }
      });
    });

  program
    .command("ask")
    .description("answer a question from the collection, with page citations")
    .argument("<question>", "the question")
    .option("--collection <name>", "collection to ask", DEFAULT_COLLECTION)
    .option("--model <gguf>", "chat model for this question only (default: the selected one; none gives an extractive answer)")
    .option("--conversation <id>", "continue a conversation (follow-up questions)")
    .option("--json", "print JSON")
    .action(async (question: string, opts: { collection: string; model?: string; conversation?: string; json?: boolean }) => {
      await withEngine(async (engine) => {
        const chatModelId = opts.model === undefined ? undefined : await catalogId(engine, opts.model);
        const requestId = nextRequestId();
        const streaming = opts.json !== true && io.stdout.isTTY === true;
        const off = streaming ? engine.on("answerToken", (t) => { if (t.requestId === requestId) io.stdout.write(t.text); }) : () => undefined;
        const controller = new AbortController();
        const onSigint = (): void => {
          void engine.abortAsk({ requestId });
          controller.abort();
        };
        process.once("SIGINT", onSigint);
        try {
          const { answer, conversationId } = await engine.ask({ question, collection: opts.collection, conversationId: opts.conversation ?? null, requestId }, { chatModelId });
          if (opts.json === true) {
            print(JSON.stringify({ ...answerJson(answer), conversationId }));
            return;
          }
          if (!streaming || answer.mode === "extractive") print(answer.answer);
          else print("");
          if (answer.notice) print(`\n${answer.notice}`);
          for (const c of answer.citations) {
            const pages = c.pageEnd !== c.page ? `pp. ${c.page}–${c.pageEnd}` : `p. ${c.page}`;
            print(`[${c.n}] ${c.title} — ${c.file}, ${pages}${c.heading ? `, ${c.heading}` : ""}`);
          }
          for (const s of answer.unsupported) print(`(not supported by its sources) ${s}`);
          print(`\nconversation: ${conversationId}`);
        } finally {
          off();
          process.removeListener("SIGINT", onSigint);
        }
      });
    });

  program
    .command("docs")
    .description("list documents with pages, chunks, collections and status")
    .option("--collection <name>", "only this collection")
    .option("--json", "print JSON")
    .action(async (opts: { collection?: string; json?: boolean }) => {
      await withEngine(async (engine) => {
        const docs = await listAllDocuments(engine, opts.collection);
        if (opts.json === true) {
          print(JSON.stringify({ documents: docs }));
          return;
        }
        if (docs.length === 0) print("No documents.");
        for (const d of docs) {
          print(`${d.id.slice(0, 12)}  ${d.status.padEnd(7)} ${String(d.pages).padStart(5)} pp ${String(d.chunks).padStart(6)} chunks  ${d.file}  [${d.collections.join(", ")}]`);
        }
      });
    });

  program
    .command("remove")
    .description("remove a document (by id, id prefix, file name or path); deleted for real when in no other collection")
    .argument("<document>", "document id (or prefix), file name or path")
    .option("--collection <name>", "remove only from this collection (default: from every collection)")
    .option("--json", "print JSON")
    .action(async (ref: string, opts: { collection?: string; json?: boolean }) => {
      await withEngine(async (engine) => {
        const docs = await listAllDocuments(engine, opts.collection);
        const matches = docs.filter((d) => d.id === ref || (ref.length >= 6 && d.id.startsWith(ref)) || d.file === ref || d.path === path.resolve(ref));
        if (matches.length === 0) throw new CliUsageError(`No document matches "${ref}". Run \`enclave docs\` to list them.`);
        if (matches.length > 1) throw new CliUsageError(`"${ref}" matches ${matches.length} documents; use the id from \`enclave docs\`.`);
        const doc = matches[0] as DocumentInfo;
        let deleted = false;
        for (const collection of opts.collection !== undefined ? [opts.collection] : doc.collections) {
          deleted = (await engine.removeDocument({ collection, documentId: doc.id })).deleted || deleted;
        }
        if (opts.json === true) print(JSON.stringify({ documentId: doc.id, file: doc.file, deleted }));
        else print(deleted ? `Deleted ${doc.file} (its text is gone from the data folder).` : `Removed ${doc.file} from ${opts.collection ?? "its collections"}.`);
      });
    });

  program
    .command("collections")
    .description("list collections")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      await withEngine(async (engine) => {
        const list = await engine.listCollections({});
        if (opts.json === true) print(JSON.stringify({ collections: list }));
        else for (const c of list) print(`${c.name}  (${c.documentCount} documents)`);
      });
    });

  program
    .command("models")
    .description("the model catalog: GGUF files found, their metadata and roles")
    .option("--external-dir <dir...>", "also list GGUF files in these folders (e.g. another tool's models folder)")
    .option("--other-tools", "also list models already downloaded by LM Studio, GPT4All, Jan or Ollama")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean; externalDir?: string[]; otherTools?: boolean }) => {
      const external = [...(opts.externalDir ?? []).map((d) => path.resolve(d)), ...(opts.otherTools === true ? otherToolFolders() : [])];
      await withEngine(async (engine) => {
        const state = await engine.listModels({});
        if (opts.json === true) {
          print(JSON.stringify(state));
          return;
        }
        print(`Folders searched: ${state.folders.map((f) => `${f.path} (${f.source})`).join("; ") || "none"}`);
        if (state.models.length === 0) print("No models found: answers are extractive (cited passages). Add a GGUF file to a models folder.");
        for (const m of state.models) {
          const selected = state.selected[m.role] === m.id ? "*" : " ";
          print(`${selected} ${m.role.padEnd(9)} ${m.file}  ${m.architecture} ${m.quantization} ${(m.sizeBytes / 1e6).toFixed(1)} MB ctx ${m.contextLength}${m.allowed ? "" : `  NOT ALLOWED: ${m.problem}`}`);
        }
      }, external);
    });

  program
    .command("diagnostics")
    .description("write a diagnostics bundle for IT: versions, settings, policy, logs — never document content")
    .option("--out <file>", "where to write it", "enclave-diagnostics.json")
    .action(async (opts: { out: string }) => {
      await withEngine(async (engine) => {
        await writeDiagnostics(await engine.collectDiagnostics(), path.resolve(opts.out));
        print(`Wrote ${path.resolve(opts.out)}. It holds no document text; review it before sending it to IT.`);
      });
    });

  program.addCommand(auditCommand(print, (code) => (exitCode = code)));

  try {
    await program.parseAsync(args, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 64;
    warn(`enclave: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliUsageError(`${flag} takes a whole number from 1 to 1000.`);
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
  if (typeof v.question !== "string") throw new CliUsageError(`--batch line ${lineNo} has no "question".`);
  return { id: typeof v.id === "string" || typeof v.id === "number" ? String(v.id) : String(lineNo), question: v.question };
}


function printImportReport(report: ImportReport, json: boolean, print: (l: string) => void): void {
  if (json) {
    print(JSON.stringify({ results: report.results, truncatedChunks: report.truncatedChunks }));
    return;
  }
  for (const r of report.results) {
    if (r.ok) print(`${r.skipped === true ? "unchanged" : "imported "}  ${r.file}  (${r.pages ?? 0} pages, ${r.chunks ?? 0} passages)`);
    else print(`FAILED     ${r.file}: ${r.error?.message ?? "unknown error"}`);
  }
  const failed = report.results.filter((r) => !r.ok).length;
  print(`${report.results.length - failed} imported, ${failed} failed.`);
  if (report.truncatedChunks > 0) print(`${report.truncatedChunks} passages were longer than the embedding model's context and were truncated for embedding.`);
}

function oneLine(text: string, max: number): string {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await runCli(process.argv.slice(2));
}
