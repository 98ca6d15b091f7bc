/**
 * E-mail: one message (.eml) or a mailbox (.mbox, one page per message). A page starts with the
 * message's From, To, Cc, Date and Subject lines, then its body (the plain-text part, else the
 * HTML part through the HTML rule), under a heading naming subject, sender and date, so a search
 * for a sender or a day finds the message and a citation says which message it is. Attachments
 * are saved for the importer to bring in as child documents (see saveAttachments).
 */
import { basename, extname } from "node:path";
import PostalMime, { type Address, type Email } from "postal-mime";
import { htmlToPage } from "../htmlToPage";
import type { ParsedPage } from "../types";
import { saveAttachments } from "./saveAttachments";
import type { AttachmentFile, ParsedFormat } from "./types";

/** Not an e-mail message or mailbox at all (the caller says what it is instead). */
export class NotEmailError extends Error {
  override readonly name = "NotEmailError";
}

const PARSE_OPTIONS = { forceRfc822Attachments: true, attachmentEncoding: "arraybuffer" } as const;

function addresses(list: Address[] | Address | undefined): string {
  const all = list === undefined ? [] : Array.isArray(list) ? list : [list];
  return all
    .flatMap((a) => (a.group !== undefined ? a.group : [a]))
    .map((m) => (m.name !== "" ? `${m.name} <${m.address}>` : m.address))
    .join(", ");
}

/** "2024-03-05 14:02 UTC" for an ISO date, or the header as written when it does not parse. */
export function mailDate(value: string | undefined): string {
  if (value === undefined || value === "") return "";
  const d = new Date(value);
  return Number.isNaN(d.getTime())
    ? value
    : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function hasMailHeaders(email: Email): boolean {
  const keys = new Set(email.headers.map((h) => h.key));
  return ["from", "to", "subject", "date", "message-id"].some((k) => keys.has(k));
}

/** A message's fields as a page needs them, whichever file format they came from. */
export interface MailFields {
  subject: string | undefined;
  /** Addresses already written as "Name <address>" and joined with ", ". */
  from: string;
  to: string;
  cc: string;
  /** As the file gives it; mailDate normalises it. */
  date: string | undefined;
  text: string | undefined;
  html: string | undefined;
}

/** The page of one message: its header lines, then its body, under a heading naming it. */
export function mailPage(mail: MailFields, page: number): ParsedPage {
  const subject = mail.subject?.trim() || "(no subject)";
  const date = mailDate(mail.date);
  const lines = [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    ...(mail.cc !== "" ? [`Cc: ${mail.cc}`] : []),
    `Date: ${date}`,
    `Subject: ${subject}`,
  ];
  const body =
    mail.text !== undefined && /\S/.test(mail.text)
      ? mail.text.replace(/\r\n?/g, "\n")
      : htmlToPage(mail.html ?? "").text;
  const heading = [`'${subject}'`, mail.from === "" ? "" : `from ${mail.from}`, date]
    .filter(Boolean)
    .join(", ");
  return {
    page,
    text: `${lines.join("\n")}\n\n${body.trim()}`,
    label: null,
    headings: [{ offset: 0, level: 1, text: heading }],
  };
}

function messagePage(email: Email, page: number): ParsedPage {
  return mailPage(
    {
      subject: email.subject,
      from: addresses(email.from),
      to: addresses(email.to),
      cc: addresses(email.cc),
      date: email.date,
      text: email.text,
      html: email.html,
    },
    page,
  );
}

async function parseMessage(
  raw: Uint8Array,
  page: number,
  attachmentsDir: string | null,
): Promise<{ page: ParsedPage; subject: string; files: AttachmentFile[]; notes: string[] }> {
  const email = await PostalMime.parse(raw, PARSE_OPTIONS);
  if (!hasMailHeaders(email)) throw new NotEmailError("it has no e-mail headers");
  const subject = email.subject?.trim() || "(no subject)";
  const saved = await saveAttachments(email.attachments, attachmentsDir, subject);
  return { page: messagePage(email, page), subject, ...saved };
}

export async function parseEml(
  bytes: Uint8Array,
  attachmentsDir: string | null,
): Promise<ParsedFormat> {
  const m = await parseMessage(bytes, 1, attachmentsDir);
  return { format: "eml", title: m.subject, pages: [m.page], attachments: m.files, notes: m.notes };
}

/** Where each message of an mbox starts: a "From " line at the start or after a blank line. */
export function mboxMessages(buf: Buffer): Uint8Array[] {
  if (buf.toString("latin1", 0, 5) !== "From ")
    throw new NotEmailError('it does not start with a "From " line');
  const starts: number[] = [0];
  for (
    let at = buf.indexOf("\nFrom ", 0, "latin1");
    at >= 0;
    at = buf.indexOf("\nFrom ", at + 1, "latin1")
  ) {
    const prev = buf[at - 1];
    if (prev === 0x0a || (prev === 0x0d && buf[at - 2] === 0x0a)) starts.push(at + 1);
  }
  return starts.map((s, i) => {
    const end = starts[i + 1] ?? buf.length;
    const body = buf.subarray(buf.indexOf("\n", s) + 1, end).toString("latin1");
    // mboxrd escapes body lines that begin "From " with ">"; undo one level.
    return Buffer.from(body.replace(/^>(>*From )/gm, "$1"), "latin1");
  });
}

export async function parseMbox(
  path: string,
  bytes: Buffer,
  attachmentsDir: string | null,
): Promise<ParsedFormat> {
  const pages: ParsedPage[] = [];
  const attachments: AttachmentFile[] = [];
  const notes: string[] = [];
  for (const raw of mboxMessages(bytes)) {
    const m = await parseMessage(raw, pages.length + 1, attachmentsDir);
    pages.push(m.page);
    attachments.push(...m.files);
    notes.push(...m.notes);
  }
  return { format: "mbox", title: basename(path, extname(path)), pages, attachments, notes };
}
