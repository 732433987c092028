import { useMutation, useQueryClient } from '@tanstack/react-query';
import { setUpTOTP, updateMFAPreference, verifyTOTPSetup } from 'aws-amplify/auth';
import { type FormEvent, useState } from 'react';
import { mfaKey, useTotpEnabled } from '../auth/mfa.ts';
import { readSession, useSignedInSession } from '../auth/session.tsx';
import { ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';
import { codeProblem, friendlyCodeError, groupedKey } from './totp-copy.ts';

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
  const [problem, setProblem] = useState<string | null>(null);
  const setup = useMutation({
    mutationFn: async () => {
      const details = await setUpTOTP();
      const uri = details.getSetupUri('Secure Orders', email).toString();
      // Drawn in the browser: the secret never goes to a QR service.
      // Loaded on demand: only someone setting up two-factor sign-in needs the QR code library.
      const { default: QRCode } = await import('qrcode');
      const qrCode = await QRCode.toDataURL(uri, { margin: 1, width: 200 });
      return { secret: details.sharedSecret, uri, qrCode };
    },
  });
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
    const shapeProblem = codeProblem(code);
    setProblem(shapeProblem);
    if (!shapeProblem) verify.mutate(code.replace(/\s+/g, ''));
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
  const error = problem ?? (verify.isError ? friendlyCodeError(verify.error) : null);
  return (
    <form onSubmit={submit} className="stack totp-setup" noValidate>
      <ol className="steps">
        <li>
          <p>Scan this code with your authenticator app (Google Authenticator, 1Password, Authy…).</p>
          <img
            src={setup.data.qrCode}
            alt="QR code to add Secure Orders to your authenticator app"
            width={200}
            height={200}
          />
          <p>
            On this phone? <a href={setup.data.uri}>Open it in your authenticator app</a>.
          </p>
        </li>
        <li>
          <p>Or type this key into the app:</p>
          <p className="key-row">
            <code className="secret">{groupedKey(setup.data.secret)}</code>
            <CopyButton text={setup.data.secret} />
          </p>
        </li>
        <li>
          <label className="field">
            <span>Enter the 6-digit code from your authenticator app</span>
            <input
              name="totp-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              value={code}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'totp-code-problem' : undefined}
              onChange={(event) => {
                setCode(event.target.value);
                setProblem(null);
              }}
            />
          </label>
          <p id="totp-code-problem" className="field-error" role={error ? 'alert' : undefined}>
            {error}
          </p>
        </li>
      </ol>
      <button type="submit" className="button-primary" disabled={verify.isPending}>
        Turn on
      </button>
    </form>
  );
}

/** Copies the key for pasting into an app on this device, and says so where it was clicked. */
function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
      }}
    >
      <span aria-live="polite">{copied ? 'Copied' : 'Copy key'}</span>
    </button>
  );
}
