/** Marks a setting the administrator fixed through managed policy. */
export function ManagedBadge() {
  return (
    <span
      className="badge managed"
      title="This setting is managed by your organisation's policy and cannot be changed here."
    >
      Managed by your organisation
    </span>
  );
}
