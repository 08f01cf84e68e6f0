import type { CollaboratorRole } from '../api/sharing.js';

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

export function roleLabel(role: CollaboratorRole): string {
  return role === 'editor' ? 'Editor' : 'Viewer';
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
      {(['editor', 'viewer'] as const).map((role) => (
        <option key={role} value={role}>
          {roleLabel(role)}
        </option>
      ))}
    </select>
  );
}
