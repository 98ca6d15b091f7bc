/** The page every mail format makes of the tests' "Re: lab results" message (.eml and .msg alike). */
import { expect } from "vitest";
import type { ParsedPage } from "../../../electron/engine/ingest/types";

export function expectMailPage(page: ParsedPage | undefined): void {
  expect(page?.text).toBe(
    [
      "From: Dana Whitlock <dana.whitlock@police.example>",
      "To: Case team <team@police.example>",
      "Cc: Legal <legal@police.example>",
      "Date: 2024-03-05 14:02 UTC",
      "Subject: Re: lab results",
      "",
      "The report is attached.",
    ].join("\n"),
  );
  expect(page?.headings).toEqual([
    {
      offset: 0,
      level: 1,
      text: "'Re: lab results', from Dana Whitlock <dana.whitlock@police.example>, 2024-03-05 14:02 UTC",
    },
  ]);
}
