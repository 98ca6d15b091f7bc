import { readFile } from "node:fs/promises";
import { splitLine } from "./auditChain";
import type { AuditEntry, AuditEvent, AuditPassageRef, AuditViewVia } from "./types";
import type { AuditVerification, MirrorVerdict } from "./verifyAuditLog";

export interface ExportAuditReportOptions {
  /** Result of verifyAuditLog, printed at the top. Default: none ("not verified"). */
  verification?: AuditVerification;
  /** Longest answer text printed per question, in characters. Default: 2000. */
  maxAnswerChars?: number;
}

/** A readable Markdown report of the log, one section per entry, for investigators and auditors. */
export async function exportAuditReport(
  file: string,
  options: ExportAuditReportOptions = {},
): Promise<string> {
  const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l !== "");
  const out: string[] = [
    "# Enclave audit report",
    "",
    `- Log: \`${file}\``,
    `- Entries: ${lines.length}`,
  ];
  const v = options.verification;
  if (!v)
    out.push("- Integrity: **not verified** (run `Enclave --cli audit verify` with the audit key)");
  else if (v.ok)
    out.push(
      `- Integrity: **verified**, ${v.headLines} lines signed by the head${v.lines > v.headLines ? `, ${v.lines - v.headLines} written after it` : ""}`,
    );
  else if (!(v.chainOk ?? v.ok))
    out.push(`- Integrity: **BROKEN** at line ${v.firstBrokenLine ?? "(head)"}: ${v.reason ?? ""}`);
  else
    out.push(
      `- Integrity: chain verified, but it **DOES NOT MATCH THE OS LOG**: ${v.reason ?? ""}`,
    );
  if (v?.mirror) out.push(`- OS log: ${mirrorLine(v.mirror)}`);
  out.push("");
  for (const [index, text] of lines.entries()) {
    const parsed = splitLine(text);
    if (!parsed) {
      out.push(`## ${index + 1}. (unreadable line)`, "", "```", text.slice(0, 500), "```", "");
      continue;
    }
    out.push(...describe(parsed.entry, options.maxAnswerChars ?? 2000), "");
  }
  return out.join("\n");
}

function mirrorLine(m: MirrorVerdict): string {
  if (!m.available) return `not compared (${m.reason})`;
  if (m.records === 0) return `${m.mirror} holds no record of this log`;
  if (m.agrees) return `${m.mirror} agrees (${m.records} records)`;
  return `${m.mirror}: ${m.missingFromFile.length} entries missing from the file, ${m.differing.length} lines differ, ${m.missingFromMirror.length} lines missing from the OS log (run \`audit verify\` for the list)`;
}

const refs = (list: AuditPassageRef[]): string =>
  list.length === 0
    ? "none"
    : list.map((r) => `${r.documentId.slice(0, 12)}… p. ${r.page}`).join(", ");
const viewVia: Record<AuditViewVia, string> = {
  "page-text": "page text in Enclave",
  "document-bytes": "the document in Enclave's viewer",
  "system-viewer": "opened in the system viewer",
};
const quote = (text: string): string =>
  text
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");

function describe(entry: AuditEntry, maxAnswerChars: number): string[] {
  const head = `## ${entry.seq}. ${title(entry.event)} — ${entry.at}`;
  const who = `User \`${entry.user}\`, Enclave ${entry.appVersion}`;
  return [head, "", who, "", ...details(entry.event, maxAnswerChars)];
}

/** The lines particular to one kind of event, after its heading and who did it. */
function details(e: AuditEvent, maxAnswerChars: number): string[] {
  switch (e.kind) {
    case "question":
      return [
        `- Request: ${e.requestId}`,
        `- Collection: ${e.collection}`,
        "",
        "Question:",
        "",
        quote(e.question),
        "",
        `- Chat model SHA-256: ${e.chatModel ?? "none (extractive)"}`,
        `- Embedding model SHA-256: ${e.embeddingModel ?? "none"}`,
      ];
    case "search":
      return [
        `- Collections: ${e.collections.join(", ") || "none"}`,
        "",
        "Query:",
        "",
        quote(e.query),
        "",
        `- Results: ${refs(e.results)}`,
      ];
    case "view":
      return [
        `- Document SHA-256: \`${e.documentId}\``,
        `- ${e.page === null ? "Whole document" : `Page: ${e.page}`}`,
        `- Shown as: ${viewVia[e.via]}`,
      ];
    case "model":
      return [
        `- Role: ${e.role ?? "unknown"}`,
        `- Model SHA-256: ${e.modelId ?? "none (cleared)"}`,
        ...(e.file === undefined ? [] : [`- File: ${e.file}`]),
      ];
    case "import":
      return [
        `- Collection: ${e.collection}`,
        `- File: ${e.file}`,
        `- Document SHA-256: \`${e.documentId}\``,
        `- Result: ${e.ok ? "imported" : `failed (${e.error ?? "unknown error"})`}`,
      ];
    case "ask": {
      const answer =
        e.answer.length > maxAnswerChars ? `${e.answer.slice(0, maxAnswerChars)}…` : e.answer;
      return [
        ...(e.requestId === undefined ? [] : [`- Request: ${e.requestId}`]),
        `- Collection: ${e.collection}`,
        ...(e.stopped === true
          ? ["- Stopped by the user: the answer below is what was shown"]
          : []),
        "",
        "Question:",
        "",
        quote(e.question),
        "",
        "Answer:",
        "",
        quote(answer),
        "",
        `- Cited: ${refs(e.cited)}`,
        `- Retrieved: ${refs(e.retrieved)}`,
        `- Chat model SHA-256: ${e.chatModel ?? "none (extractive)"}`,
        `- Embedding model SHA-256: ${e.embeddingModel ?? "none"}`,
      ];
    }
    case "remove-document":
      return [
        `- Collection: ${e.collection}`,
        `- Document SHA-256: \`${e.documentId}\``,
        `- Deleted from disk: ${e.deleted ? "yes" : "no (still in another collection)"}`,
      ];
    case "delete-collection":
      return [`- Collection: ${e.collection}`, `- Documents deleted: ${e.removedDocuments}`];
    case "export":
      return [`- Collection: ${e.collection}`, `- Conversation: ${e.conversationId}`];
    case "policy":
      return [
        `- Managed keys: ${e.managedKeys.join(", ") || "none"}`,
        ...Object.entries(e.values ?? {}).map(([k, v]) => `  - ${k}: \`${JSON.stringify(v)}\``),
        `- Problems: ${e.problems.join("; ") || "none"}`,
      ];
    case "audit-head-recovered":
      return [
        `- Reason: ${e.reason}`,
        `- Chain: ${e.chain === "continued" ? "continued (every earlier line verified)" : "new (the old log was set aside)"}`,
        `- Lines found: ${e.linesFound}, last hash ${e.lastHashFound}`,
        `- Set aside: ${e.setAside.join(", ")}`,
        "- A lost head cannot prove that no lines were cut from the end before it was lost.",
      ];
    case "audit-log-reset":
      return [
        `- ${e.mirror} held entries of this log that its file lacked (${e.linesFound} lines at start):`,
        ...e.gaps.map(
          (g) =>
            `  - chain ${g.chain}: ${g.count} entr${g.count === 1 ? "y" : "ies"}, lines ${g.fromSeq}–${g.toSeq}, last hash ${g.lastHash}`,
        ),
        "- The file was put back from an older copy, cut, reset or deleted.",
      ];
    case "audit-mirror-failed":
      return [
        `- OS log: ${e.mirror}`,
        e.op === "read"
          ? "- It could not be read at start, so the log was not checked against it."
          : `- Lines ${e.fromSeq ?? "?"}–${e.toSeq ?? "?"} are not in it.`,
        `- Reason: ${e.reason}`,
      ];
  }
}

function title(event: AuditEvent): string {
  switch (event.kind) {
    case "question":
      return "Question asked";
    case "search":
      return "Search";
    case "view":
      return "Document viewed";
    case "model":
      return event.action === "add" ? "Model added" : "Model selected";
    case "import":
      return "Import";
    case "ask":
      return "Question answered";
    case "remove-document":
      return "Document removed";
    case "delete-collection":
      return "Collection deleted";
    case "export":
      return "Conversation exported";
    case "policy":
      return "Policy applied";
    case "audit-head-recovered":
      return "Audit head unreadable: recovered";
    case "audit-log-reset":
      return "Audit log rolled back, reset or deleted";
    case "audit-mirror-failed":
      return event.op === "read" ? "OS log unreadable" : "Lines not copied to the OS log";
  }
}
