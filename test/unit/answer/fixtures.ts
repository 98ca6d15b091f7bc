/** Passages of a small made-up library, shared by the answer tests. */
import type { Passage } from "../../../shared/types";

let next = 0;
export function passage(
  fields: Partial<Passage> & { text: string; title: string; page: number },
): Passage {
  next++;
  return {
    chunkId: `c${next}`,
    documentId: `${next}`.padStart(64, "0"),
    file: `${fields.title}.pdf`,
    path: `/docs/${fields.title}.pdf`,
    pageEnd: fields.page,
    pageLabel: null,
    heading: "",
    score: 1,
    charStart: 0,
    charEnd: fields.text.length,
    ...fields,
  };
}

export const paperSize = passage({
  title: "R-admin",
  page: 62,
  pageLabel: "56",
  heading: "B.3 Paper size",
  text: "R uses a default paper size of a4 when it is built. The environment variable R_PAPERSIZE can be set to a4, letter, legal or executive before building R.",
});

export const sink = passage({
  title: "R-intro",
  page: 12,
  heading: "1.10 Executing commands from or diverting output to a file",
  text: 'The function sink("record.lis") will divert all subsequent output from the console to an external file. The command sink() restores it to the console once again.',
});

export const mfrow = passage({
  title: "R-intro",
  page: 85,
  heading: "12.5.1 Permanent changes: The par() function",
  text: "Setting mfrow can reduce the base size of symbols and text. In a layout with exactly two rows and columns the base size is reduced by a factor of 0.83. With three or more rows or columns, the reduction factor is 0.66.",
});

export const library = [paperSize, sink, mfrow];
