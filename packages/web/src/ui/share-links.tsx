import { useRef, useState, type FormEvent } from 'react';
import { createShareLink, revokeShareLink, type CollaboratorRole, type ShareLink } from '../api/sharing.js';
import { joinUrl } from './join-page.js';
import { roleLabel, RoleSelect, type Act } from './share-controls.js';

/** Expiry choices in hours; undefined: the link works until revoked. */
const EXPIRY_CHOICES: readonly { hours: number | undefined; label: string }[] = [
  { hours: undefined, label: 'Never' },
  { hours: 24, label: 'In 1 day' },
  { hours: 24 * 7, label: 'In 7 days' },
  { hours: 24 * 30, label: 'In 30 days' },
];

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface LinksProps {
  scriptId: string;
  links: ShareLink[];
  busy: boolean;
  act: Act;
}

/** Share links for the owner: create one (its URL shown once, to copy), see the working ones, revoke them. */
export function ShareLinks({ scriptId, links, busy, act }: LinksProps) {
  const [role, setRole] = useState<CollaboratorRole>('viewer');
  const [expiry, setExpiry] = useState(0);
  const [created, setCreated] = useState<{ linkId: string; url: string } | null>(null);
  const working = links.filter((link) => link.active);

  const create = (event: FormEvent) => {
    event.preventDefault();
    const expiresInHours = EXPIRY_CHOICES[expiry]?.hours;
    void act(async () => {
      const { link, token } = await createShareLink(scriptId, { role, ...(expiresInHours === undefined ? {} : { expiresInHours }) });
      setCreated({ linkId: link.linkId, url: joinUrl(token) });
    });
  };

  return (
    <section className="share-section">
      <h3>Share links</h3>
      <p className="muted">Anyone with a link can join this script with its role, once signed in.</p>
      <form className="row" onSubmit={create}>
        <label>
          Link role
          <RoleSelect label="Link role" value={role} onChange={setRole} />
        </label>
        <label>
          Expires
          <select aria-label="Expires" value={expiry} onChange={(event) => setExpiry(Number(event.target.value))}>
            {EXPIRY_CHOICES.map(({ label }, index) => (
              <option key={label} value={index}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Create link
        </button>
      </form>
      {created && working.some((link) => link.linkId === created.linkId) && <NewLink url={created.url} />}
      {working.length === 0 ? (
        <p className="muted">No working links.</p>
      ) : (
        <ul className="people" aria-label="Share links">
          {working.map((link) => (
            <li key={link.linkId}>
              <span className="person">
                {roleLabel(link.role)} link
                <span className="muted"> · created {when(link.createdAt)} · {link.expiresAt ? `expires ${when(link.expiresAt)}` : 'never expires'}</span>
              </span>
              <button
                type="button"
                className="quiet"
                disabled={busy}
                aria-label={`Revoke ${link.role} link created ${when(link.createdAt)}`}
                onClick={() => void act(async () => {
                  await revokeShareLink(scriptId, link.linkId);
                  return 'The link is revoked: it no longer lets anyone in. People who already joined keep their access.';
                })}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The server keeps only the token's hash, so this is the one chance to copy the link. */
function NewLink({ url }: { url: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      // No clipboard permission (or not a secure context): leave the text selected for a manual copy.
      field.current?.select();
      setCopied('failed');
    }
  };

  return (
    <div className="new-link">
      <label className="grow">
        New link, shown only this once
        <input ref={field} type="text" readOnly value={url} onFocus={(event) => event.target.select()} />
      </label>
      <button type="button" onClick={() => void copy()}>
        {copied === 'yes' ? 'Copied' : 'Copy'}
      </button>
      {copied === 'failed' && <p className="muted" role="status">Copying was blocked; the link is selected, copy it with your keyboard.</p>}
    </div>
  );
}
