import { describe, expect, it } from "vitest";
import { cleanMarkers, findMarkers, formatMarker, sourceLabel } from "../../../shared/citations";

describe("citation markers", () => {
  it("reads single, listed, ranged and adjacent markers", () => {
    expect(findMarkers("a [1] b [2, 4] c [3-5] d [1][2]").map((m) => m.numbers)).toEqual([
      [1],
      [2, 4],
      [3, 4, 5],
      [1],
      [2],
    ]);
  });

  it("ignores brackets that are not citations, such as code indices with reversed or huge ranges", () => {
    expect(findMarkers("x[i] and [5-2] and [1-500] and [a]")).toEqual([]);
  });

  it("drops numbers that point to no source and removes emptied markers with their space", () => {
    const out = cleanMarkers("It works [9]. Yes [1, 9]. Also [2-4].", (n) => n <= 3);
    expect(out.text).toBe("It works. Yes [1]. Also [2, 3].");
    expect(out.cited).toEqual([1, 2, 3]);
    expect(out.dropped).toBe(3);
  });

  it("compacts runs when writing markers", () => {
    expect(formatMarker([5, 1, 2, 3])).toBe("[1-3, 5]");
  });

  it("labels a source with pages, printed page and section", () => {
    expect(
      sourceLabel({
        title: "R-admin",
        page: 12,
        pageEnd: 13,
        pageLabel: "10",
        heading: "2.3 Paper",
      }),
    ).toBe("R-admin, pp. 12-13 (printed 10), 2.3 Paper");
    expect(sourceLabel({ title: "Notes", page: 1, pageLabel: null, heading: "" })).toBe(
      "Notes, p. 1",
    );
  });
});
