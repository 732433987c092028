/** Active or Retired, as a badge (retired products are kept, never deleted: orders name them). */
export function ProductStatus({ active }: { active: boolean }) {
  return (
    <span className={`badge ${active ? 'badge-active' : 'badge-retired'}`}>
      {active ? 'Active' : 'Retired'}
    </span>
  );
}
