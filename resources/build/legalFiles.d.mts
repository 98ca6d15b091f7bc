/** Types for legalFiles.mjs (the afterPack hook loads the JavaScript; tests import it). */
export interface ShippedPackage {
  name: string;
  version: string;
  license: string;
  licenseText: string;
  buildMetadata: unknown;
}
export function shippedPackages(asarPath: string): ShippedPackage[];
/** A CycloneDX JSON document, as far as the build reads it. */
export interface CycloneDxBom {
  bomFormat?: string;
  metadata?: { component?: { "bom-ref"?: string } };
  components?: { "bom-ref"?: string; name: string; group?: string; version: string }[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}
export function narrowSbom(
  bom: CycloneDxBom,
  shipped: { name: string; version: string; buildMetadata: unknown }[],
): CycloneDxBom & Required<Pick<CycloneDxBom, "components" | "dependencies">>;
export function noticesText(shipped: ShippedPackage[], product: string): string;
export function writeLegalFiles(options: {
  resourcesDir: string;
  projectDir: string;
  product: string;
}): Promise<{ packages: number; components: number }>;
