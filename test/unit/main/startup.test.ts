import { describe, expect, it } from "vitest";
import { resolvePolicy } from "../../../shared/policy";
import { blockingProblems, cliArguments, resolveDataDir } from "../../../electron/main/startup";
import { BlockedRequestLog } from "../../../electron/main/BlockedRequestLog";

describe("startup", () => {
  it("runs the CLI with everything after --cli, and the window otherwise", () => {
    expect(cliArguments(["/opt/Enclave/enclave", "--cli", "search", "--json", "reset"])).toEqual([
      "search",
      "--json",
      "reset",
    ]);
    expect(cliArguments(["electron", ".", "--cli"])).toEqual([]);
    expect(cliArguments(["electron", ".", "--no-sandbox"])).toBeNull();
  });

  it("keeps data in userData unless the administrator set DataDirectory", () => {
    expect(resolveDataDir("/home/u/.config/Enclave", resolvePolicy({}, "none"))).toBe(
      "/home/u/.config/Enclave",
    );
    expect(
      resolveDataDir(
        "/home/u/.config/Enclave",
        resolvePolicy({ DataDirectory: "/srv/enclave" }, "policy-file"),
      ),
    ).toBe("/srv/enclave");
  });

  it("refuses to start on an invalid DataDirectory rather than writing elsewhere", () => {
    expect(blockingProblems(resolvePolicy({}, "none"))).toEqual([]);
    expect(
      blockingProblems(resolvePolicy({ DataDirectory: "relative/dir" }, "policy-file")).join(),
    ).toContain("DataDirectory");
  });

  it("names the policy store beside the key in the start-up message", () => {
    const problem = {
      key: "DataDirectory",
      store: "/etc/enclave/policy.json",
      message: "Policy DataDirectory is invalid.",
      blocking: true,
    };
    expect(blockingProblems({ problems: [problem] })).toEqual([
      "/etc/enclave/policy.json: DataDirectory: Policy DataDirectory is invalid.",
    ]);
  });
});

describe("blocked request log", () => {
  it("counts every refusal but keeps only the latest URLs, cut to a sane length", () => {
    const log = new BlockedRequestLog({ maxUrls: 2, maxUrlLength: 10 });
    log.record("https://a.example/");
    log.record("https://b/");
    log.record("https://c/");
    expect(log.snapshot()).toEqual({ count: 3, urls: ["https://b/", "https://c/"] });
  });
});
