import { describe, expect, it } from "vitest";
import { decodeText, looksBinary } from "../../../electron/engine/ingest/decodeText";
import {
  encodeUtf16,
  encodeUtf8,
  encodeWindows1252,
  makeRandomBinary,
} from "../../fixtures/documents/makeTextFiles";

const sample = "Größe – “Zitat” €, déjà vu";

describe("decoding text files", () => {
  it("reads UTF-8 with and without a byte-order mark", () => {
    expect(decodeText(encodeUtf8(sample))).toEqual({ text: sample, encoding: "utf-8" });
    expect(decodeText(encodeUtf8(sample, true))).toEqual({ text: sample, encoding: "utf-8" });
  });

  it("reads UTF-16 little- and big-endian with a byte-order mark, and recognises BOM-less UTF-16", () => {
    expect(decodeText(encodeUtf16(sample, "le"))).toEqual({ text: sample, encoding: "utf-16le" });
    expect(decodeText(encodeUtf16(sample, "be"))).toEqual({ text: sample, encoding: "utf-16be" });
    expect(decodeText(encodeUtf16("plain ascii text in utf-16", "le", false)).text).toBe(
      "plain ascii text in utf-16",
    );
  });

  it("falls back to Windows-1252 for bytes that are not valid UTF-8, including € and smart quotes", () => {
    expect(decodeText(encodeWindows1252(sample))).toEqual({
      text: sample,
      encoding: "windows-1252",
    });
  });

  it("tells binary data from text", () => {
    expect(looksBinary(decodeText(makeRandomBinary()).text)).toBe(true);
    expect(looksBinary(sample)).toBe(false);
  });
});
