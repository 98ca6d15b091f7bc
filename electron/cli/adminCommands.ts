/** `models` and `diagnostics`: what IT checks on a machine, from the command line. */
import path from "node:path";
import type { Command } from "commander";
import { writeDiagnostics } from "../engine/diagnostics";
import { otherToolFolders } from "../engine/llm/otherToolFolders";
import type { CliContext } from "./CliContext";

export function addAdminCommands(program: Command, { print, withReader }: CliContext): void {
  program
    .command("models")
    .description("the model catalog: GGUF files found, their metadata and roles")
    .option(
      "--external-dir <dir...>",
      "also list GGUF files in these folders (e.g. another tool's models folder)",
    )
    .option(
      "--other-tools",
      "also list models already downloaded by LM Studio, GPT4All, Jan or Ollama",
    )
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean; externalDir?: string[]; otherTools?: boolean }) => {
      const external = [
        ...(opts.externalDir ?? []).map((d) => path.resolve(d)),
        ...(opts.otherTools === true ? otherToolFolders() : []),
      ];
      await withReader(async (engine) => {
        const state = await engine.listModels({});
        if (opts.json === true) {
          print(JSON.stringify(state));
          return;
        }
        print(
          `Folders searched: ${state.folders.map((f) => `${f.path} (${f.source})`).join("; ") || "none"}`,
        );
        if (state.models.length === 0)
          print(
            "No models found: answers are extractive (cited passages). Add a GGUF file to a models folder.",
          );
        for (const m of state.models) {
          const selected = state.selected[m.role] === m.id ? "*" : " ";
          print(
            `${selected} ${m.role.padEnd(9)} ${m.file}  ${m.architecture} ${m.quantization} ${(m.sizeBytes / 1e6).toFixed(1)} MB ctx ${m.contextLength}${m.allowed ? "" : `  NOT ALLOWED: ${m.problem}`}`,
          );
        }
      }, external);
    });

  program
    .command("diagnostics")
    .description(
      "write a diagnostics bundle for IT: versions, settings, policy, logs — never document content",
    )
    .option("--out <file>", "where to write it", "enclave-diagnostics.json")
    .action(async (opts: { out: string }) => {
      await withReader(async (engine) => {
        await writeDiagnostics(await engine.collectDiagnostics(), path.resolve(opts.out));
        print(
          `Wrote ${path.resolve(opts.out)}. It holds no document text; review it before sending it to IT.`,
        );
      });
    });
}
