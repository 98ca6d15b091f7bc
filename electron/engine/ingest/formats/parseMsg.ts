/**
 * Outlook message (.msg, an OLE compound file) read with @kenjiuno/msgreader and laid out as an
 * .eml is: From, To, Cc, Date and Subject lines, then the body (plain text, else the HTML through
 * the HTML rule) under a heading naming subject, sender and date. Attachments are saved as child
 * documents; an attached Outlook message is saved as a .msg of its own.
 */
import MsgReaderExport, { type FieldsData } from "@kenjiuno/msgreader";
import { mailPage, type MailFields } from "./parseEmail";
import { saveAttachments, type MailAttachment } from "./saveAttachments";
import type { ParsedFormat } from "./types";

/**
 * The package is CommonJS with an `exports.default`: a bundler's interop hands over the class,
 * Node's own ESM loader the module object holding it.
 */
const MsgReader =
  (MsgReaderExport as unknown as { default?: typeof MsgReaderExport }).default ?? MsgReaderExport;
type MsgReader = InstanceType<typeof MsgReader>;

/** Every Outlook message has a "__properties_version1.0" stream; no other compound file does. */
const MSG_PROPERTIES = Buffer.from("__properties_version1.0", "utf16le");

/** The file is a compound file but not an Outlook message msgreader can read. */
export class MsgFormatError extends Error {
  override readonly name = "MsgFormatError";
}

/** An Exchange-internal address ("/O=ORG/OU=…/CN=…") means nothing to a reader; SMTP does. */
function smtp(...candidates: (string | undefined)[]): string {
  return candidates.find((c) => c !== undefined && c.includes("@")) ?? "";
}

function person(name: string | undefined, address: string): string {
  const n = name?.trim() ?? "";
  if (address === "") return n;
  return n === "" || n === address ? address : `${n} <${address}>`;
}

function recipients(fields: FieldsData, type: "to" | "cc"): string {
  return (fields.recipients ?? [])
    .filter((r) => (r.recipType ?? "to") === type)
    .map((r) => person(r.name, smtp(r.smtpAddress, r.email)))
    .filter((r) => r !== "")
    .join(", ");
}

function htmlBody(fields: FieldsData): string | undefined {
  if (fields.bodyHtml !== undefined) return fields.bodyHtml;
  return fields.html === undefined ? undefined : Buffer.from(fields.html).toString("utf8");
}

/** msgreader's parsed message as the fields a mail page shows. */
export function msgFields(fields: FieldsData): MailFields {
  return {
    subject: fields.subject,
    from: person(fields.senderName, smtp(fields.senderSmtpAddress, fields.senderEmail)),
    to: recipients(fields, "to"),
    cc: recipients(fields, "cc"),
    date: fields.clientSubmitTime ?? fields.messageDeliveryTime ?? fields.creationTime,
    text: fields.body,
    html: htmlBody(fields),
  };
}

function attachmentsOf(reader: MsgReader, fields: FieldsData): MailAttachment[] {
  return (fields.attachments ?? []).map((a) => {
    const data = reader.getAttachment(a);
    return {
      filename: data.fileName || a.fileName || a.name || null,
      mimeType: a.attachMimeTag ?? (a.innerMsgContent === true ? "application/vnd.ms-outlook" : ""),
      content: data.content,
      // A picture the HTML body shows by its content id is part of the message's look.
      related: a.pidContentId !== undefined && a.pidContentId !== "",
      disposition: a.attachmentHidden === true ? "inline" : "attachment",
    };
  });
}

export async function parseMsg(
  bytes: Uint8Array,
  attachmentsDir: string | null,
): Promise<ParsedFormat> {
  if (!Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(MSG_PROPERTIES))
    throw new MsgFormatError("it holds no Outlook message properties (damaged, or not a message)");
  // msgreader reads the view's whole underlying buffer: hand it a copy of exactly the file.
  const reader = new MsgReader(new Uint8Array(bytes).buffer);
  const fields = reader.getFileData();
  if (fields.error !== undefined) throw new MsgFormatError(fields.error);
  if (fields.dataType !== "msg") throw new MsgFormatError("it is not an Outlook message");
  const mail = msgFields(fields);
  const subject = mail.subject?.trim() || "(no subject)";
  const saved = await saveAttachments(attachmentsOf(reader, fields), attachmentsDir, subject);
  return {
    format: "msg",
    title: subject,
    pages: [mailPage(mail, 1)],
    attachments: saved.files,
    notes: saved.notes,
  };
}
