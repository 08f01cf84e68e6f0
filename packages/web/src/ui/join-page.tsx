import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, messageOf } from '../api/client.js';
import { redeemShareLink } from '../api/sharing.js';
import { Layout, Loading } from './layout.js';
import { returnHere } from './return-to.js';
import { useSession } from './session.js';

/** The client route a share link opens; the token follows it as the URL's fragment. */
export const JOIN_PATH = '/join';

/**
 * The URL a share link is handed out as: `https://host/join#wrl_…`. The token
 * rides in the fragment, which browsers never send to a server, so it stays out
 * of proxies' access logs and Referer headers.
 */
export function joinUrl(token: string): string {
  return `${window.location.origin}${JOIN_PATH}#${token}`;
}

/**
 * Where a share link lands. A signed-in person joins the script and is taken
 * into it; anyone else is asked to sign in or create an account first and comes
 * back here afterwards, the token still in the fragment.
 */
export function JoinPage() {
  const { user, error } = useSession();
  const location = useLocation();
  const token = location.hash.slice(1);

  if (user === undefined) return <Layout><Loading what="your session" /></Layout>;
  if (!token) return <JoinProblem message="This link is incomplete. Copy the whole link you were sent and open it again." />;
  if (user === null) {
    if (error) return <JoinProblem message={error} />;
    return (
      <Layout>
        <section className="card narrow">
          <h1>You’ve been invited to a script</h1>
          <p>Create an account or sign in, and the script opens right after.</p>
          <p className="join-choices">
            <Link className="button" to="/signup" state={returnHere(location)}>
              Create an account
            </Link>
            <Link to="/signin" state={returnHere(location)}>
              Sign in
            </Link>
          </p>
        </section>
      </Layout>
    );
  }
  return <Redeem token={token} />;
}

function Redeem({ token }: { token: string }) {
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    redeemShareLink(token).then(
      ({ scriptId }) => {
        // Replacing the entry drops the token from the history too.
        if (live) void navigate(`/scripts/${encodeURIComponent(scriptId)}`, { replace: true });
      },
      (failure: unknown) => {
        if (!live) return;
        const dead = failure instanceof ApiError && failure.status === 404;
        setProblem(dead ? `${messageOf(failure)} Ask whoever shared it for a new link.` : messageOf(failure));
      },
    );
    return () => {
      live = false;
    };
  }, [token, navigate]);

  if (problem) return <JoinProblem message={problem} />;
  return <Layout><Loading what="the shared script" /></Layout>;
}

function JoinProblem({ message }: { message: string }) {
  return (
    <Layout>
      <section className="card narrow">
        <h1>Couldn’t open this link</h1>
        <p className="error" role="alert">
          {message}
        </p>
        <p>
          <Link to="/">Go to your scripts</Link>
        </p>
      </section>
    </Layout>
  );
}
