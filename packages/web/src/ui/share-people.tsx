import { useState, type FormEvent } from 'react';
import type { User } from '../api/auth.js';
import {
  changeRole,
  inviteByEmail,
  removeCollaborator,
  withdrawInvitation,
  type Collaborator,
  type CollaboratorRole,
  type ScriptAccess,
} from '../api/sharing.js';
import { personName, roleLabel, RoleSelect, roleWithArticle, type Act } from './share-controls.js';

interface PeopleProps {
  scriptId: string;
  access: ScriptAccess;
  /** The signed-in person's user id. */
  me: string;
  /** Whether `me` owns the script: only the owner sees the controls. */
  owns: boolean;
  busy: boolean;
  act: Act;
  /** Called once `me` has left the script (absent: no Leave action offered). */
  onLeft?: () => void;
}

/** Who has access, and for the owner: invite, change roles, remove, withdraw invitations. */
export function SharePeople({ scriptId, access, me, owns, busy, act, onLeft }: PeopleProps) {
  const { owner, collaborators, invitations } = access;
  return (
    <section className="share-section">
      <h3>People with access</h3>
      <ul className="people" aria-label="People with access">
        {owner && (
          <li>
            <PersonLabel person={owner} me={me} />
            <span className="role-tag">Owner</span>
          </li>
        )}
        {collaborators.map((collaborator) => (
          <li key={collaborator.userId}>
            <PersonLabel person={collaborator} me={me} />
            {owns ? (
              <CollaboratorControls scriptId={scriptId} collaborator={collaborator} busy={busy} act={act} />
            ) : (
              <span className="role-tag">{roleLabel(collaborator.role)}</span>
            )}
            {collaborator.userId === me && onLeft && <LeaveButton scriptId={scriptId} me={me} busy={busy} act={act} onLeft={onLeft} />}
          </li>
        ))}
      </ul>
      {owns && invitations.length > 0 && (
        <>
          <h3>Invited, no account yet</h3>
          <ul className="people" aria-label="Pending invitations">
            {invitations.map((invitation) => (
              <li key={invitation.email}>
                <span className="person">{invitation.email}</span>
                <span className="role-tag">{roleLabel(invitation.role)}</span>
                <button
                  type="button"
                  className="quiet"
                  disabled={busy}
                  aria-label={`Withdraw invitation for ${invitation.email}`}
                  onClick={() => void act(async () => {
                    await withdrawInvitation(scriptId, invitation.email);
                    return `The invitation for ${invitation.email} is withdrawn.`;
                  })}
                >
                  Withdraw
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {owns && <InviteForm scriptId={scriptId} busy={busy} act={act} />}
    </section>
  );
}

function PersonLabel({ person, me }: { person: User; me: string }) {
  const name = personName(person);
  return (
    <span className="person">
      {name}
      {person.userId === me && ' (you)'}
      {person.email && person.email !== name && <span className="muted"> {person.email}</span>}
    </span>
  );
}

function CollaboratorControls({ scriptId, collaborator, busy, act }: { scriptId: string; collaborator: Collaborator; busy: boolean; act: Act }) {
  const name = personName(collaborator);
  return (
    <>
      <RoleSelect
        label={`Role of ${name}`}
        value={collaborator.role}
        disabled={busy}
        onChange={(role) => void act(async () => {
          await changeRole(scriptId, collaborator.userId, role);
          return `${name} is now ${roleWithArticle(role)}.`;
        })}
      />
      <button
        type="button"
        className="quiet"
        disabled={busy}
        aria-label={`Remove ${name}`}
        onClick={() => void act(async () => {
          await removeCollaborator(scriptId, collaborator.userId);
          return `${name} no longer has access.`;
        })}
      >
        Remove
      </button>
    </>
  );
}

/** Leaving loses access at once, so it asks once more. */
function LeaveButton({ scriptId, me, busy, act, onLeft }: { scriptId: string; me: string; busy: boolean; act: Act; onLeft: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="quiet" disabled={busy} onClick={() => setConfirming(true)}>
        Leave
      </button>
    );
  }
  return (
    <span className="actions">
      <button
        type="button"
        className="danger"
        disabled={busy}
        // No reload afterwards: the script is no longer ours to read.
        onClick={() => void act(async () => {
          await removeCollaborator(scriptId, me);
          onLeft();
        }, { reload: false })}
      >
        Leave now
      </button>
      <button type="button" className="quiet" onClick={() => setConfirming(false)}>
        Stay
      </button>
    </span>
  );
}

function InviteForm({ scriptId, busy, act }: { scriptId: string; busy: boolean; act: Act }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<CollaboratorRole>('editor');

  const invite = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const outcome = await inviteByEmail(scriptId, email.trim(), role);
      setEmail('');
      if ('invitation' in outcome) {
        return `${outcome.invitation.email} has no account yet. They get access as ${role} when they sign up with that email.`;
      }
      return `${personName(outcome.collaborator)} now has access as ${role}.`;
    });
  };

  return (
    <form className="row invite" onSubmit={invite}>
      <label className="grow">
        Invite by email
        <input type="email" required maxLength={254} placeholder="name@example.com" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Role
        <RoleSelect label="Role" value={role} onChange={setRole} />
      </label>
      <button type="submit" disabled={busy || !email.trim()}>
        Invite
      </button>
    </form>
  );
}
