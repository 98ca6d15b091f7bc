import { describe, expect, it } from "vitest";
import { SearchStore } from "../../../renderer/src/stores/SearchStore";
import type { MethodArgs, MethodResult } from "../../../shared/contract";
import { citation, deferred, fakeApi } from "./fakeApi";

describe("passage search", () => {
  it("searches the current collection only and drops answers to queries the user has moved past", async () => {
    const first = deferred<MethodResult<"search">>();
    const fake = fakeApi({
      search: (args: MethodArgs<"search">) =>
        args.query === "filt" ? first.promise : [citation(1, { text: "filter" })],
    });
    const store = new SearchStore(fake.api, () => "Case 7", { debounceMs: 0 });
    store.setQuery("filt");
    const slow = store.run();
    store.setQuery("filter");
    await store.run();
    first.resolve([citation(2, { text: "stale" })]);
    await slow;
    expect(store.get().results.map((r) => r.text)).toEqual(["filter"]);
    expect(store.get().resultsFor).toBe("filter");
    expect(
      fake.calls.every((c) => (c.args as MethodArgs<"search">).collections[0] === "Case 7"),
    ).toBe(true);
  });
});
