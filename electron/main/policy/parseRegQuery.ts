/**
 * Parses the text `reg query <key>` prints, e.g.
 *
 *     HKEY_LOCAL_MACHINE\Software\Policies\Enclave\Enclave
 *         DisableExport    REG_DWORD    0x1
 *         ModelsDirectory    REG_SZ    D:\Models
 *         AllowedModelHashes    REG_MULTI_SZ    abc…\0def…
 *
 * into name -> value: REG_DWORD/REG_QWORD become numbers, REG_MULTI_SZ a string array,
 * REG_EXPAND_SZ is expanded with `env` (reg query prints it unexpanded).
 */
export interface RegistryValue {
  type: string;
  value: string | number | string[];
}

const line = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

export function parseRegQuery(
  output: string,
  env: Record<string, string | undefined> = {},
): Map<string, RegistryValue> {
  const values = new Map<string, RegistryValue>();
  for (const raw of output.split(/\r?\n/)) {
    // Trailing blanks are not data: reg query pads lines and prints empty strings as nothing.
    const match = line.exec(raw.trimEnd());
    if (!match) continue;
    const [, name = "", type = "", data = ""] = match;
    values.set(name, { type, value: convert(type, data, env) });
  }
  return values;
}

function convert(
  type: string,
  data: string,
  env: Record<string, string | undefined>,
): RegistryValue["value"] {
  switch (type) {
    case "REG_DWORD":
    case "REG_QWORD":
      return /^0x[0-9a-f]+$/i.test(data) ? Number.parseInt(data, 16) : data;
    case "REG_MULTI_SZ":
      return data === "" ? [] : data.split("\\0").filter((s) => s !== "");
    case "REG_EXPAND_SZ":
      return expand(data, env);
    default:
      // REG_SZ and anything else stays text; the schema decides whether it is valid.
      return data;
  }
}

/** Expands %NAME% from env (case-insensitive, like Windows); unknown names stay as written. */
function expand(data: string, env: Record<string, string | undefined>): string {
  const lower = new Map(Object.entries(env).map(([k, v]) => [k.toLowerCase(), v]));
  return data.replace(
    /%([^%]+)%/g,
    (whole, name: string) => lower.get(name.toLowerCase()) ?? whole,
  );
}
