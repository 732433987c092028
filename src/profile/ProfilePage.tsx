import { useMutation, useQueryClient } from '@tanstack/react-query';
import { setUpTOTP, updateMFAPreference, verifyTOTPSetup } from 'aws-amplify/auth';
import { type FormEvent, useState } from 'react';
import { mfaKey, useTotpEnabled } from '../auth/mfa.ts';
import { readSession, useSignedInSession } from '../auth/session.tsx';
import { ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';

/** New tokens after an MFA change: the ADMINS claim depends on it (pre-token generation). */
async function refreshTokens() {
  await readSession(true);
}

export default function ProfilePage() {
  const session = useSignedInSession();
  const totp = useTotpEnabled();
  return (
    <>
      <PageHeading>Profile</PageHeading>
      <dl className="facts">
        <div>
          <dt>Email</dt>
          <dd>{session.email}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{session.isAdmin ? 'Administrator' : 'Customer'}</dd>
        </div>
      </dl>
      <section aria-labelledby="totp-heading" className="card">
        <h2 id="totp-heading">Two-factor sign-in (authenticator app)</h2>
        {totp.isPending ? (
          <Skeleton label="Checking two-factor sign-in" rows={1} />
        ) : totp.isError ? (
          <ErrorNotice error={totp.error} onRetry={() => totp.refetch()} />
        ) : totp.data ? (
          <DisableTotp />
        ) : (
          <EnableTotp email={session.email} />
        )}
      </section>
    </>
  );
}

function DisableTotp() {
  const queryClient = useQueryClient();
  const disable = useMutation({
    mutationFn: async () => {
      await updateMFAPreference({ totp: 'DISABLED' });
      await refreshTokens();
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKey }),
  });
  return (
    <>
      <p>
        <strong>On.</strong> Signing in asks for a code from your authenticator app.
      </p>
      <button
        type="button"
        className="button-danger"
        onClick={() => disable.mutate()}
        disabled={disable.isPending}
      >
        Turn off two-factor sign-in
      </button>
      {disable.isError && <ErrorNotice error={disable.error} title="Two-factor sign-in is still on" />}
    </>
  );
}

function EnableTotp({ email }: { email: string }) {
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const setup = useMutation({ mutationFn: () => setUpTOTP() });
  const verify = useMutation({
    mutationFn: async (totpCode: string) => {
      await verifyTOTPSetup({ code: totpCode });
      await updateMFAPreference({ totp: 'PREFERRED' });
      await refreshTokens();
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKey }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate(code.trim());
  };

  if (!setup.data) {
    return (
      <>
        <p>
          <strong>Off.</strong> Add a code from an authenticator app to every sign-in. Administrators need it
          to reach the admin pages.
        </p>
        <button
          type="button"
          className="button-primary"
          onClick={() => setup.mutate()}
          disabled={setup.isPending}
        >
          Set up two-factor sign-in
        </button>
        {setup.isError && <ErrorNotice error={setup.error} title="Could not start the setup" />}
      </>
    );
  }
  return (
    <form onSubmit={submit} className="stack">
      <p>
        Add this key to your authenticator app (or open the setup link on this device), then enter the code it
        shows.
      </p>
      <p>
        Key: <code className="secret">{setup.data.sharedSecret}</code>
      </p>
      <p>
        <a href={setup.data.getSetupUri('Secure Orders', email).toString()}>Open in authenticator app</a>
      </p>
      <label className="field">
        <span>Code from the app</span>
        <input
          name="totp-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          required
        />
      </label>
      <button type="submit" className="button-primary" disabled={verify.isPending}>
        Turn on
      </button>
      {verify.isError && <ErrorNotice error={verify.error} title="That code did not work" />}
    </form>
  );
}
