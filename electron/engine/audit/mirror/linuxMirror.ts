/**
 * Linux: the systemd journal, written with systemd-cat and read with journalctl (identifier
 * `enclave-audit`); where no journald runs, syslog through logger, read from the syslog files.
 * A user can read back their own entries only where the journal is persistent (split per user);
 * elsewhere, and for syslog files, reading needs the adm or systemd-journal group: then IT
 * verifies as an administrator.
 */
import { readTextIfPresent } from "../../support/readTextIfPresent";
import type { AuditMirror, AuditMirrorRecord, MirrorIo } from "./AuditMirror";
import { formatMirrorRecord, mirrorTag, parseMirrorRecords, toolFailure } from "./AuditMirror";

export const linuxTools = {
  journalSocket: "/run/systemd/journal/socket",
  systemdCat: "/usr/bin/systemd-cat",
  journalctl: "/usr/bin/journalctl",
  syslogSocket: "/dev/log",
  logger: "/usr/bin/logger",
  syslogFiles: ["/var/log/syslog", "/var/log/messages"],
} as const;

/** The journal when journald runs, else syslog when a syslog daemon listens, else null. */
export function linuxMirror(io: MirrorIo, read = readTextIfPresent): AuditMirror | null {
  const t = linuxTools;
  if (io.exists(t.journalSocket) && io.exists(t.systemdCat) && io.exists(t.journalctl))
    return journalMirror(io);
  if (io.exists(t.syslogSocket) && io.exists(t.logger)) return syslogMirror(io, read);
  return null;
}

/** One line per record on stdin: one journal entry each. */
const lines = (records: readonly AuditMirrorRecord[]): string =>
  records.map((r) => `${formatMirrorRecord(r)}\n`).join("");

function journalMirror(io: MirrorIo): AuditMirror {
  const t = linuxTools;
  return {
    name: "the systemd journal",
    async write(records) {
      const result = await io.run(t.systemdCat, ["-t", mirrorTag, "-p", "notice"], lines(records));
      if (result.code !== 0) throw toolFailure(t.systemdCat, result);
    },
    async readAll() {
      const result = await io.run(t.journalctl, [
        "-t",
        mirrorTag,
        "-o",
        "json",
        "--output-fields=MESSAGE",
        "--no-pager",
      ]);
      // journalctl exits 0 with nothing when it may open no journal file: that is "unreadable",
      // not "empty", or every line would look unmirrored.
      if (
        result.code !== 0 ||
        /insufficient permissions|No journal files were/i.test(result.stderr)
      )
        throw toolFailure(t.journalctl, result);
      return parseMirrorRecords(result.stdout);
    },
  };
}

function syslogMirror(io: MirrorIo, read: (path: string) => Promise<string | null>): AuditMirror {
  const t = linuxTools;
  return {
    name: "syslog",
    async write(records) {
      const result = await io.run(t.logger, ["-t", mirrorTag, "-p", "user.notice"], lines(records));
      if (result.code !== 0) throw toolFailure(t.logger, result);
    },
    async readAll() {
      const texts: string[] = [];
      for (const file of t.syslogFiles) {
        const text = await read(file);
        if (text !== null) texts.push(text);
      }
      if (texts.length === 0) throw new Error(`none of ${t.syslogFiles.join(", ")} exists`);
      return parseMirrorRecords(texts.join("\n"));
    },
  };
}
