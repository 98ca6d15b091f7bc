/** Marks a setting (or a library) the administrator fixed through managed policy. */
export function ManagedBadge({
  title = "This setting is managed by your organisation's policy and cannot be changed here.",
}: {
  /** The tooltip. Default: the one for a setting. */
  title?: string;
}) {
  return (
    <span className="badge managed" title={title}>
      Managed by your organisation
    </span>
  );
}
