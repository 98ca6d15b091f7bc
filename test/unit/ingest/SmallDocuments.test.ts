import { describe, expect, it } from "vitest";
import {
  SmallDocuments,
  type ParkedDocument,
} from "../../../electron/engine/ingest/SmallDocuments";
import type { Store } from "../../../electron/engine/store/types";

const parked = (id: string): ParkedDocument =>
  ({
    write: { doc: { id } },
    result: { path: `/notes/${id}.md`, ok: true },
  }) as unknown as ParkedDocument;

describe("small documents waiting for a shared commit", () => {
  it("are due once the group holds the documents the importer asks for at that moment", () => {
    let max = 2;
    const group = new SmallDocuments({} as Store, undefined, {
      maxDocuments: () => max,
      maxWaitMs: 60_000,
    });
    expect(group.park(parked("a"), 1)).toBe(false);
    expect(group.park(parked("b"), 1)).toBe(true);
    max = 4; // the user went away: full groups again
    expect(group.park(parked("c"), 1)).toBe(false);
    expect(group.park(parked("d"), 1)).toBe(true);
  });

  it("take a fixed group size as well", () => {
    const group = new SmallDocuments({} as Store, undefined, {
      maxDocuments: 3,
      maxWaitMs: 60_000,
    });
    expect([group.park(parked("a"), 1), group.park(parked("b"), 1)]).toEqual([false, false]);
    expect(group.park(parked("c"), 1)).toBe(true);
  });
});
