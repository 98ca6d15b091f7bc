/**
 * Windows: the Application event log, source "Enclave" (registered by the installer with
 * EventCreate.exe as its message file and CustomSource=1, which eventcreate requires of a source
 * it did not create itself: resources/build/eventLogSource.nsh). Written with
 * %SystemRoot%\System32\eventcreate.exe, read back with wevtutil.exe qe. Standard users may write
 * to and read the Application log; only administrators may clear it.
 */
import type { AuditMirror, AuditMirrorRecord, MirrorIo } from "./AuditMirror";
import { formatMirrorRecord, parseMirrorRecords, toolFailure } from "./AuditMirror";

export const eventSource = "Enclave";
/** Records per event: keeps a description well under eventcreate's and the event's limits. */
const RECORDS_PER_EVENT = 16;

/** The tools under `systemRoot` (the Windows folder, learnt from the loaded ntdll.dll, never %SystemRoot%). */
export function windowsMirror(io: MirrorIo, systemRoot: string): AuditMirror | null {
  const eventcreate = `${systemRoot}\\System32\\eventcreate.exe`;
  const wevtutil = `${systemRoot}\\System32\\wevtutil.exe`;
  if (!io.exists(eventcreate) || !io.exists(wevtutil)) return null;
  return {
    name: "the Windows Event Log (Application, source Enclave)",
    async write(records) {
      for (let i = 0; i < records.length; i += RECORDS_PER_EVENT) {
        const args = eventArgs(records.slice(i, i + RECORDS_PER_EVENT));
        const result = await io.run(eventcreate, args);
        if (result.code !== 0) throw toolFailure(eventcreate, result);
      }
    },
    async readAll() {
      const result = await io.run(wevtutil, [
        "qe",
        "Application",
        `/q:*[System[Provider[@Name='${eventSource}']]]`,
        "/f:xml",
      ]);
      if (result.code !== 0) throw toolFailure(wevtutil, result);
      // Console tools may answer in UTF-16: dropping NULs leaves the ASCII records readable.
      return parseMirrorRecords(result.stdout.replaceAll("\u0000", ""));
    },
  };
}

function eventArgs(records: readonly AuditMirrorRecord[]): string[] {
  return [
    "/L",
    "APPLICATION",
    "/T",
    "INFORMATION",
    "/SO",
    eventSource,
    "/ID",
    "1",
    "/D",
    records.map(formatMirrorRecord).join(" ; "),
  ];
}
