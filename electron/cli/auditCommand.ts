/** `enclave audit verify|export`: checks the tamper-evident audit log and writes a readable report. */
import { existsSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { auditFileNames } from "../engine/audit/AuditLog";
import { exportAuditReport } from "../engine/audit/exportAuditReport";
import { verifyAuditFolder } from "../engine/audit/openAuditLog";
import { platformAuditMirror, type PlatformMirror } from "../engine/audit/mirror/platformMirror";
import type { AuditVerification, MirrorVerdict } from "../engine/audit/verifyAuditLog";
import { defaultDataDir } from "../engine/paths";

/** The audit folder from a log file, a folder, or the data folder's default. */
function auditDir(target: string | undefined, dataDir: string): string {
  if (target === undefined) return path.join(dataDir, "audit");
  const abs = path.resolve(target);
  return existsSync(abs) && statSync(abs).isDirectory() ? abs : path.dirname(abs);
}

/** "3, 5–9, 12" from sorted or unsorted line numbers. */
export function seqRanges(seqs: readonly number[]): string {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(", ");
}

/** The comparison with the OS log, in lines a person reads. */
export function describeMirror(m: MirrorVerdict): string[] {
  if (!m.available) return [`OS log: not compared: ${m.reason}.`];
  if (m.records === 0)
    return [
      `OS log: ${m.mirror} holds no record of this audit log (log id ${m.logId}), so there is nothing to compare it with.`,
    ];
  const older = m.notCovered > 0 ? `; ${m.notCovered} older line(s) not compared` : "";
  if (m.agrees) return [`OS log: ${m.mirror} agrees (${m.records} record(s)${older}).`];
  const out = [`OS log: the log DOES NOT MATCH ${m.mirror} (log id ${m.logId}):`];
  const byChain = new Map<string, number[]>();
  for (const r of m.missingFromFile) byChain.set(r.chain, [...(byChain.get(r.chain) ?? []), r.seq]);
  for (const [chain, seqs] of byChain)
    out.push(
      `  - in the OS log, missing from the file (rolled back, cut, reset or deleted): chain ${chain}, line(s) ${seqRanges(seqs)}`,
    );
  for (const d of m.differing)
    out.push(
      `  - line ${d.seq} differs: the file has ${d.file.slice(0, 16)}…, the OS log ${d.mirror.map((h) => `${h.slice(0, 16)}…`).join(" and ")} (rolled back and written on)`,
    );
  if (m.missingFromMirror.length > 0)
    out.push(
      `  - in the file, missing from the OS log (appended or forged, or not copied: see audit-mirror-failed entries): line(s) ${seqRanges(m.missingFromMirror)}`,
    );
  return out;
}

function describeVerification(result: AuditVerification, dir: string): string[] {
  const head = result.ok
    ? `Audit log intact: ${result.lines} line(s) in ${dir}.`
    : !(result.chainOk ?? result.ok)
      ? `Audit log BROKEN at line ${result.firstBrokenLine ?? "?"}: ${result.reason ?? "unknown reason"}`
      : `Audit log chain intact: ${result.lines} line(s) in ${dir}.`;
  return [head, ...(result.mirror ? describeMirror(result.mirror) : [])];
}

export function auditCommand(
  print: (line: string) => void,
  setExitCode: (code: number) => void,
  mirror: () => PlatformMirror = () => platformAuditMirror(),
): Command {
  const audit = new Command("audit").description("verify or export the audit log");
  const dataDirOf = (cmd: Command): string =>
    cmd.optsWithGlobals<{ dataDir?: string }>().dataDir ?? defaultDataDir();

  audit
    .command("verify")
    .description(
      "check the hash chain and compare it with the OS log; names the first broken line and every line that differs (exit 3 on any)",
    )
    .argument("[file]", `the log (${auditFileNames.log}) or its folder; default: <data-dir>/audit`)
    .option("--private-key <pem>", "IT's private key, for a log whose seed is sealed to IT")
    .option("--json", "print JSON")
    .option("--no-os-log", "check the chain only, without the OS log")
    .action(
      async (
        file: string | undefined,
        opts: { privateKey?: string; json?: boolean; osLog?: boolean },
        cmd: Command,
      ) => {
        const dir = auditDir(file, dataDirOf(cmd));
        const privateKeyPem =
          opts.privateKey === undefined ? undefined : await readFile(opts.privateKey, "utf8");
        const result = await verifyAuditFolder(dir, {
          privateKeyPem,
          mirror: opts.osLog === false ? undefined : mirror(),
        });
        if (opts.json === true) print(JSON.stringify(result));
        else for (const line of describeVerification(result, dir)) print(line);
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
        const verification = await verifyAuditFolder(dir, {
          privateKeyPem,
          mirror: mirror(),
        }).catch(() => undefined);
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
