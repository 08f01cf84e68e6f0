import { presenceName } from '@writersroom/protocol';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { KeyboardHelp } from './keyboard-help.js';
import { useSession } from './session.js';
import { ThemeSwitch } from './theme-switch.js';

/** Page frame: the name of the app, who is signed in, and a way out. */
export function Layout({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <header className="bar">
        <Link to="/" className="brand">
          WritersRoom
        </Link>
        <span className="bar-tools">
          <KeyboardHelp />
          <ThemeSwitch />
        </span>
        {user && (
          <span className="who">
            <span>{presenceName(user)}</span>
            <button
              type="button"
              className="quiet"
              onClick={() => void signOut().then(() => navigate('/signin'))}
            >
              Sign out
            </button>
          </span>
        )}
      </header>
      <main>{children}</main>
    </>
  );
}

/** Shown while the first "who am I" answer is on its way. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}
