"use client";

import QRCode from "qrcode";
import { useEffect, useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { Button } from "@/components/ui/button";
import { Field, FormError, FormSubmit } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useFormProblem } from "@/lib/use-form-problem";
import { ConfirmMfaEnrollmentDocument, StartMfaEnrollmentDocument } from "@/features/security/documents";

/**
 * Sets up TOTP: a new secret as a QR code (and as text, to type in), confirmed by a code from the app;
 * then the ten recovery codes, shown this once. `onDone` runs when the person has saved them.
 */
export function MfaEnrollment({ onDone, doneLabel = "Done" }: { onDone: () => void; doneLabel?: string }) {
  const [{ data: started, fetching: starting }, start] = useMutation(StartMfaEnrollmentDocument);
  const [{ fetching: confirming }, confirm] = useMutation(ConfirmMfaEnrollmentDocument);
  const { errors, take, formMessage } = useFormProblem();
  const [qr, setQr] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const enrollment = started?.startMfaEnrollment;

  useEffect(() => {
    if (!enrollment) return;
    let current = true;
    void QRCode.toDataURL(enrollment.otpauthUri, { margin: 1, width: 192, errorCorrectionLevel: "M" }).then((url) => {
      if (current) setQr(url);
    });
    return () => {
      current = false;
    };
  }, [enrollment]);

  async function begin() {
    const result = await start({});
    take(result.error);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    const result = await confirm({ code });
    if (take(result.error) || !result.data) return;
    setRecoveryCodes(result.data.confirmMfaEnrollment);
  }

  if (recoveryCodes) {
    return (
      <div className="grid gap-3">
        <p className="text-[13px]">
          Two-factor sign-in is on. Save these recovery codes somewhere safe: each one signs you in once if you
          lose your phone. They are not shown again.
        </p>
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-1 rounded-md bg-surface p-3 font-mono text-[13px]">
          {recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => void navigator.clipboard?.writeText(recoveryCodes.join("\n"))}>
            Copy codes
          </Button>
          <Button type="button" variant="primary" onClick={onDone}>
            {doneLabel}
          </Button>
        </div>
      </div>
    );
  }

  if (!enrollment) {
    return (
      <div className="grid gap-3">
        <FormError>{formMessage()}</FormError>
        <p className="text-[13px] text-ink-muted">
          Use an authenticator app (Google Authenticator, 1Password, Authy…) to make a code you enter after your
          password.
        </p>
        <div>
          <Button type="button" variant="primary" loading={starting} onClick={() => void begin()}>
            Set up two-factor sign-in
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-4">
      <p className="text-[13px]">Scan this QR code with your authenticator app, then enter the code it shows.</p>
      <div className="flex flex-wrap items-center gap-4">
        {qr ? (
          // eslint-disable-next-line @next/next/no-img-element -- a data URL made in the browser
          <img src={qr} alt="QR code for your authenticator app" width={192} height={192} className="rounded-md border border-line" />
        ) : (
          <div className="size-48 rounded-md border border-line bg-surface" />
        )}
        <div className="grid min-w-0 gap-1 text-[13px]">
          <span className="text-ink-muted">Or type this key:</span>
          <code data-testid="mfa-secret" className="font-mono break-all">
            {enrollment.secret}
          </code>
        </div>
      </div>
      <FormError>{formMessage(["code"])}</FormError>
      <Field label="Code from the app" error={errors.code}>
        <Input name="code" autoComplete="one-time-code" inputMode="numeric" maxLength={6} required autoFocus />
      </Field>
      <FormSubmit loading={confirming}>Turn on</FormSubmit>
    </form>
  );
}
