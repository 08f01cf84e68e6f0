import type { Role } from '../storage/storage.js';

const rank: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

/** Whether `role` grants at least what `required` grants (owner ⊃ editor ⊃ viewer). */
export function atLeast(role: Role, required: Role): boolean {
  return rank[role] >= rank[required];
}

/** Whether a role may change a script's document. */
export function canEdit(role: Role): boolean {
  return atLeast(role, 'editor');
}
