import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { messageOf } from '../api/client.js';
import { Layout, Loading } from './layout.js';
import { returnTarget } from './return-to.js';
import { useSession } from './session.js';

/**
 * Sign in, or create an account, with email and password: a local account, or
 * one at Firebase when the server signs people in with Firebase (the session
 * decides which). The failure is shown in plain words. Afterwards it returns to
 * the page that sent the person here (see return-to.ts), else the script list.
 */
export function AuthPage({ mode }: { mode: 'signin' | 'signup' }) {
  const { user, signIn, signUp } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const returnTo = returnTarget(location.state);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signingUp = mode === 'signup';

  if (user) return <Navigate to={returnTo} replace />;
  // Until the server said how it signs people in, a form could send the wrong way.
  if (user === undefined) return <Layout><Loading what="sign-in" /></Layout>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const name = displayName.trim();
      await (signingUp ? signUp({ email, password, ...(name ? { displayName: name } : {}) }) : signIn({ email, password }));
      void navigate(returnTo, { replace: true });
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };

  return (
    <Layout>
      <section className="card narrow">
        <h1>{signingUp ? 'Create your account' : 'Sign in'}</h1>
        <form onSubmit={(event) => void submit(event)}>
          <label>
            Email
            <input type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            Password
            <input
              type="password"
              autoComplete={signingUp ? 'new-password' : 'current-password'}
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {signingUp && (
            <label>
              Display name (optional)
              <input type="text" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
            </label>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {signingUp ? 'Create account' : 'Sign in'}
          </button>
        </form>
        <p className="muted">
          {signingUp ? (
            <>
              Already have an account? <Link to="/signin" state={location.state}>Sign in</Link>
            </>
          ) : (
            <>
              New here? <Link to="/signup" state={location.state}>Create an account</Link>
            </>
          )}
        </p>
      </section>
    </Layout>
  );
}
