import type { Role } from '../storage/storage.js';

const rank: Record<Role, number> = { viewer: 1, commenter: 2, editor: 3, owner: 4 };

/** Whether `role` grants at least what `required` grants (owner ⊃ editor ⊃ commenter ⊃ viewer). */
export function atLeast(role: Role, required: Role): boolean {
  return rank[role] >= rank[required];
}

/** Whether a role may change a script's document. A commenter may not: comments live beside the text. */
export function canEdit(role: Role): boolean {
  return atLeast(role, 'editor');
}

/** Whether a role may comment on a script. */
export function canComment(role: Role): boolean {
  return atLeast(role, 'commenter');
}

const HOLDERS: Record<Role, string> = {
  owner: 'the owner',
  editor: 'an editor',
  commenter: 'a commenter or editor',
  viewer: 'a collaborator',
};

/**
 * Who may do what needs `minimum`, to finish "Only … can <action>." Every
 * role above a commenter edits, so naming editors there too tells a viewer
 * what to ask for.
 */
export function holdersOf(minimum: Role): string {
  return HOLDERS[minimum];
}
