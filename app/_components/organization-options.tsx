import type { OrganizationOption } from '@/lib/organizations/list-organizations';

/** The `<option>`s of an organization select, indented by depth so the tree shows: "  Sales (2001)". */
export function OrganizationOptions({ organizations }: { organizations: OrganizationOption[] }) {
  return organizations.map((o) => (
    <option key={o.id} value={o.id}>
      {'\u00a0\u00a0'.repeat(o.depth)}
      {o.name} ({o.code})
    </option>
  ));
}
