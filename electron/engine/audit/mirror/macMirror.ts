/**
 * macOS: the unified log, written with /usr/bin/logger (tag `enclave-audit`, one message per
 * line) and read back with `/usr/bin/log show`. Reading the log may need an administrator: a
 * standard user's start then says the check could not be made, and IT verifies as admin.
 */
import type { AuditMirror, MirrorIo } from "./AuditMirror";
import { formatMirrorRecord, mirrorTag, parseMirrorRecords, toolFailure } from "./AuditMirror";

export const macTools = { logger: "/usr/bin/logger", log: "/usr/bin/log" } as const;

export function macMirror(io: MirrorIo): AuditMirror | null {
  if (!io.exists(macTools.logger) || !io.exists(macTools.log)) return null;
  return {
    name: "the macOS unified log",
    async write(records) {
      const input = records.map((r) => `${formatMirrorRecord(r)}\n`).join("");
      const result = await io.run(macTools.logger, ["-t", mirrorTag, "-p", "user.notice"], input);
      if (result.code !== 0) throw toolFailure(macTools.logger, result);
    },
    async readAll() {
      const result = await io.run(macTools.log, [
        "show",
        "--style",
        "ndjson",
        "--info",
        "--predicate",
        'eventMessage CONTAINS "enclave-audit/1 "',
      ]);
      if (result.code !== 0) throw toolFailure(macTools.log, result);
      return parseMirrorRecords(result.stdout);
    },
  };
}
