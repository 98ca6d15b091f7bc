/**
 * Renders the administrator-facing policy files from the one schema (shared/policy.ts): the
 * Windows ADMX/ADML templates, the macOS configuration profile, an example Linux policy.json
 * and the Markdown table in ADMIN.md. generatePolicyFiles.ts writes them; a test checks them.
 */
import { createHash } from "node:crypto";
import * as plist from "plist";
import { policyKeys, policySchema } from "../../shared/policy";
import type { PolicyKey, PolicyKeySpec } from "../../shared/policy";

/** Keep in sync with appId in electron-builder.yml (a test checks it). */
export const bundleId = "com.enclave.app";
export const registryKey = "Software\\Policies\\Enclave\\Enclave";
export const tableStart = "<!-- policy-table:start -->";
export const tableEnd = "<!-- policy-table:end -->";

const xml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const specs = (): PolicyKeySpec[] => policyKeys.map((k) => policySchema[k] as PolicyKeySpec);

function admxPolicy(spec: PolicyKeySpec): string {
  const k = spec.key;
  const open = `    <policy name="${k}" class="Both" displayName="$(string.${k})" explainText="$(string.${k}_Explain)" key="${registryKey}"`;
  const common = `      <parentCategory ref="Enclave" />\n      <supportedOn ref="SUPPORTED_Enclave_0_1" />`;
  switch (spec.type) {
    case "boolean":
      return `${open} valueName="${k}">\n${common}\n      <enabledValue><decimal value="1" /></enabledValue>\n      <disabledValue><decimal value="0" /></disabledValue>\n    </policy>`;
    case "number":
      return `${open} presentation="$(presentation.${k})">\n${common}\n      <elements>\n        <decimal id="${k}" valueName="${k}" minValue="1" maxValue="1048576" required="true" />\n      </elements>\n    </policy>`;
    case "enum": {
      const items = (spec.enumValues ?? [])
        .map(
          (v) =>
            `          <item displayName="$(string.${k}_${v})"><value><string>${v}</string></value></item>`,
        )
        .join("\n");
      return `${open} presentation="$(presentation.${k})">\n${common}\n      <elements>\n        <enum id="${k}" valueName="${k}" required="true">\n${items}\n        </enum>\n      </elements>\n    </policy>`;
    }
    case "hashList":
      return `${open} presentation="$(presentation.${k})">\n${common}\n      <elements>\n        <multiText id="${k}" valueName="${k}" required="true" />\n      </elements>\n    </policy>`;
    case "string":
    case "path":
    case "booleanOrPath":
      return `${open} presentation="$(presentation.${k})">\n${common}\n      <elements>\n        <text id="${k}" valueName="${k}" required="true"${spec.type === "path" ? ' expandable="true"' : ""} />\n      </elements>\n    </policy>`;
  }
}

export function renderAdmx(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from shared/policy.ts by resources/build/generatePolicyFiles.ts. Do not edit. -->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <policyNamespaces>
    <target prefix="enclave" namespace="Enclave.Policies.Enclave" />
    <using prefix="windows" namespace="Microsoft.Policies.Windows" />
  </policyNamespaces>
  <resources minRequiredRevision="1.0" />
  <supportedOn>
    <definitions>
      <definition name="SUPPORTED_Enclave_0_1" displayName="$(string.SUPPORTED_Enclave_0_1)" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="Enclave" displayName="$(string.Enclave)" />
  </categories>
  <policies>
${specs().map(admxPolicy).join("\n")}
  </policies>
</policyDefinitions>
`;
}

const label: Record<PolicyKeySpec["type"], string> = {
  string: "File name or SHA-256:",
  path: "Absolute path:",
  booleanOrPath: "1 (default location), 0 (off) or an absolute folder path:",
  number: "Megabytes:",
  enum: "Backend:",
  hashList: "SHA-256 hashes, one per line:",
  boolean: "",
};

function admlPresentation(spec: PolicyKeySpec): string | null {
  const k = spec.key;
  switch (spec.type) {
    case "boolean":
      return null;
    case "number":
      return `        <presentation id="${k}"><decimalTextBox refId="${k}" defaultValue="${String(spec.default)}">${label.number}</decimalTextBox></presentation>`;
    case "enum":
      return `        <presentation id="${k}"><dropdownList refId="${k}" defaultItem="0">${label.enum}</dropdownList></presentation>`;
    case "hashList":
      return `        <presentation id="${k}"><multiTextBox refId="${k}">${label.hashList}</multiTextBox></presentation>`;
    case "string":
    case "path":
    case "booleanOrPath":
      return `        <presentation id="${k}"><textBox refId="${k}"><label>${xml(label[spec.type])}</label></textBox></presentation>`;
  }
}

export function renderAdml(): string {
  const strings: string[] = [
    `        <string id="Enclave">Enclave</string>`,
    `        <string id="SUPPORTED_Enclave_0_1">Enclave 0.1 and later</string>`,
  ];
  for (const spec of specs()) {
    strings.push(`        <string id="${spec.key}">${spec.key}</string>`);
    strings.push(
      `        <string id="${spec.key}_Explain">${xml(`${spec.description} Default: ${JSON.stringify(spec.default)}. If invalid: ${invalidText(spec)}.`)}</string>`,
    );
    for (const v of spec.enumValues ?? [])
      strings.push(`        <string id="${spec.key}_${v}">${v}</string>`);
  }
  const presentations = specs()
    .map(admlPresentation)
    .filter((p): p is string => p !== null);
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from shared/policy.ts by resources/build/generatePolicyFiles.ts. Do not edit. -->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <displayName>Enclave</displayName>
  <description>Managed settings for Enclave, the offline document assistant.</description>
  <resources>
    <stringTable>
${strings.join("\n")}
    </stringTable>
    <presentationTable>
${presentations.join("\n")}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
}

/** A stable UUID from a name, so regenerating does not churn the profile. */
function stableUuid(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

export function renderMobileconfig(): string {
  const settings: Record<string, unknown> = {
    PayloadType: bundleId,
    PayloadIdentifier: `${bundleId}.policy.settings`,
    PayloadUUID: stableUuid(`${bundleId}.policy.settings`),
    PayloadVersion: 1,
    PayloadDisplayName: "Enclave settings",
  };
  for (const spec of specs()) settings[spec.key] = spec.example;
  const profile = {
    PayloadContent: [settings],
    PayloadDisplayName: "Enclave managed settings (example)",
    PayloadDescription:
      "Example values for every Enclave policy key: remove the keys you do not want to enforce.",
    PayloadIdentifier: `${bundleId}.policy`,
    PayloadOrganization: "Your organisation",
    PayloadScope: "System",
    PayloadType: "Configuration",
    PayloadUUID: stableUuid(`${bundleId}.policy`),
    PayloadVersion: 1,
  };
  return `${plist.build(profile as unknown as plist.PlistValue)}\n`;
}

export function renderPolicyJson(): string {
  const example: Partial<Record<PolicyKey, unknown>> = {};
  for (const spec of specs()) example[spec.key] = spec.example;
  return `${JSON.stringify(example, null, 2)}\n`;
}

function invalidText(spec: PolicyKeySpec): string {
  if (spec.onInvalid === "refuse-to-start") return "the app refuses to start";
  if (spec.onInvalid === null) return "ignored, as if unset";
  return `${JSON.stringify(spec.onInvalid)}${spec.restrictive ? " (fails closed)" : ""}`;
}

const typeText: Record<PolicyKeySpec["type"], string> = {
  string: "string",
  path: "absolute path",
  boolean: "boolean (REG_DWORD 0/1)",
  number: "integer (REG_DWORD)",
  enum: "one of",
  hashList: "list of SHA-256 (REG_MULTI_SZ, plist array)",
  booleanOrPath: "boolean or absolute path",
};

/** The Markdown table of every key, placed between the policy-table markers. */
export function renderPolicyTable(): string {
  const rows = specs().map((s) => {
    const type =
      s.type === "enum"
        ? `${typeText.enum} ${(s.enumValues ?? []).map((v) => `\`${v}\``).join(", ")}`
        : typeText[s.type];
    return `| \`${s.key}\` | ${type} | \`${JSON.stringify(s.default)}\` | ${invalidText(s)} | \`${JSON.stringify(s.example)}\` | ${s.description.replace(/\|/g, "\\|")} |`;
  });
  return [
    tableStart,
    "<!-- Generated from shared/policy.ts by `npx tsx resources/build/generatePolicyFiles.ts`. Do not edit by hand. -->",
    "",
    "| Key | Type | Default | If invalid | Example | Description |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    tableEnd,
  ].join("\n");
}

/** `doc` with the text between the markers replaced by the current table; throws without markers. */
export function spliceTable(doc: string): string {
  const start = doc.indexOf(tableStart);
  const end = doc.indexOf(tableEnd);
  if (start < 0 || end < start)
    throw new Error(
      `The document has no ${tableStart} … ${tableEnd} markers; add them where the policy table belongs.`,
    );
  return `${doc.slice(0, start)}${renderPolicyTable()}${doc.slice(end + tableEnd.length)}`;
}

/** Every generated file, by path relative to the repository root. */
export function policyFiles(): Record<string, string> {
  return {
    "resources/policy/enclave.admx": renderAdmx(),
    "resources/policy/en-US/enclave.adml": renderAdml(),
    [`resources/policy/${bundleId}.mobileconfig`]: renderMobileconfig(),
    "resources/policy/policy.json": renderPolicyJson(),
    "resources/policy/README-policy-table.md": `${renderPolicyTable()}\n`,
  };
}
