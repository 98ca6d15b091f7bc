/** `enclave audit verify|export`: checks the tamper-evident audit log and writes a readable report. */
import { existsSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { auditFileNames } from "../engine/audit/AuditLog";
import { exportAuditReport } from "../engine/audit/exportAuditReport";
import { verifyAuditFolder } from "../engine/audit/openAuditLog";
import { defaultDataDir } from "../engine/paths";

/** The audit folder from a log file, a folder, or the data folder's default. */
function auditDir(target: string | undefined, dataDir: string): string {
  if (target === undefined) return path.join(dataDir, "audit");
  const abs = path.resolve(target);
  return existsSync(abs) && statSync(abs).isDirectory() ? abs : path.dirname(abs);
}

export function auditCommand(
  print: (line: string) => void,
  setExitCode: (code: number) => void,
): Command {
  const audit = new Command("audit").description("verify or export the audit log");
  const dataDirOf = (cmd: Command): string =>
    cmd.optsWithGlobals<{ dataDir?: string }>().dataDir ?? defaultDataDir();

  audit
    .command("verify")
    .description(
      "check the hash chain; names the first broken line (exit 3 when the log was tampered with)",
    )
    .argument("[file]", `the log (${auditFileNames.log}) or its folder; default: <data-dir>/audit`)
    .option("--private-key <pem>", "IT's private key, for a log whose seed is sealed to IT")
    .option("--json", "print JSON")
    .action(
      async (
        file: string | undefined,
        opts: { privateKey?: string; json?: boolean },
        cmd: Command,
      ) => {
        const dir = auditDir(file, dataDirOf(cmd));
        const privateKeyPem =
          opts.privateKey === undefined ? undefined : await readFile(opts.privateKey, "utf8");
        const result = await verifyAuditFolder(dir, { privateKeyPem });
        if (opts.json === true) print(JSON.stringify(result));
        else if (result.ok) print(`Audit log intact: ${result.lines} line(s) in ${dir}.`);
        else
          print(
            `Audit log BROKEN at line ${result.firstBrokenLine ?? "?"}: ${result.reason ?? "unknown reason"}`,
          );
        if (!result.ok) setExitCode(3);
      },
    );

  audit
    .command("export")
    .description("write a readable report of the audit log")
    .argument("[file]", "the log or its folder; default: <data-dir>/audit")
    .option("--out <file>", "write the report here instead of printing it")
    .option("--private-key <pem>", "IT's private key, for a log whose seed is sealed to IT")
    .action(
      async (
        file: string | undefined,
        opts: { out?: string; privateKey?: string },
        cmd: Command,
      ) => {
        const dir = auditDir(file, dataDirOf(cmd));
        const privateKeyPem =
          opts.privateKey === undefined ? undefined : await readFile(opts.privateKey, "utf8");
        const verification = await verifyAuditFolder(dir, { privateKeyPem }).catch(() => undefined);
        const report = await exportAuditReport(path.join(dir, auditFileNames.log), {
          verification,
        });
        if (opts.out !== undefined) {
          await writeFile(opts.out, report, "utf8");
          print(`Wrote ${opts.out}.`);
        } else print(report);
      },
    );
  return audit;
}
