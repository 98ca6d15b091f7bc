import { describe, expect, it } from "vitest";
import { codeTerms } from "../../../shared/text/codeTerms";

describe("code-like terms", () => {
  it("keeps function calls, dotted and underscored names and options whole", () => {
    expect(codeTerms("Set par(mfrow) then call read.table with R_LIBS_USER and --with-x.")).toEqual(
      ["par(mfrow)", "read.table", "r_libs_user", "--with-x"],
    );
  });

  it("finds dot-files, namespaces and assignments to options", () => {
    expect(codeTerms("Edit .Rprofile or Rprofile.site; base::sum; --enable-R-shlib=yes")).toEqual([
      ".rprofile",
      "rprofile.site",
      "base::sum",
      "--enable-r-shlib=yes",
    ]);
  });

  it("ignores ordinary prose, sentence ends and version numbers", () => {
    expect(codeTerms("This is the end. Version 4.2.2 was - as said - fine e.g. here")).toEqual([]);
  });
});
