import { COLLABORATOR_ROLES, type CollaboratorRole } from '../api/sharing.js';

/**
 * Runs one sharing change for the dialog: clears the last message, shows the
 * server's message if it fails, and by default reloads who has access. `work`
 * may resolve to a sentence confirming what happened.
 */
export type Act = (work: () => Promise<string | void>, options?: { reload?: boolean }) => Promise<void>;

/** How a person is named in sharing lists: their display name, else their email. */
export function personName(person: { displayName: string | null; email: string | null }): string {
  return person.displayName ?? person.email ?? 'Someone without an email';
}

const ROLE_LABEL: Record<CollaboratorRole, string> = { viewer: 'Viewer', commenter: 'Commenter', editor: 'Editor' };
const ROLE_CHOICE: Record<CollaboratorRole, string> = { viewer: 'Can view', commenter: 'Can comment', editor: 'Can edit' };
const ROLE_WITH_ARTICLE: Record<CollaboratorRole, string> = { viewer: 'a viewer', commenter: 'a commenter', editor: 'an editor' };

/** A role as a tag next to a person or link: "Commenter". */
export function roleLabel(role: CollaboratorRole): string {
  return ROLE_LABEL[role];
}

/** A role in a sentence: "Bob is now a commenter." */
export function roleWithArticle(role: CollaboratorRole): string {
  return ROLE_WITH_ARTICLE[role];
}

interface RoleSelectProps {
  value: CollaboratorRole;
  onChange(role: CollaboratorRole): void;
  /**
   * Accessible name, always set: the name an enclosing <label> would give also
   * takes in the selected option ("Role Editor").
   */
  label: string;
  disabled?: boolean;
}

export function RoleSelect({ value, onChange, label, disabled }: RoleSelectProps) {
  return (
    <select aria-label={label} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as CollaboratorRole)}>
      {COLLABORATOR_ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_CHOICE[role]}
        </option>
      ))}
    </select>
  );
}
