"use client";

import { PageHeader } from "@/features/shell/app-shell";
import { canManage, canWrite, useViewer } from "@/lib/viewer";
import { SettingsSection } from "@/features/settings/section";
import { AutoCreateSection } from "@/features/settings/email/auto-create-section";
import { InboundSection } from "@/features/settings/email/inbound-section";
import { MailboxesSection } from "@/features/settings/email/mailboxes-section";
import { QuarantineSection } from "@/features/settings/email/quarantine-section";

/** Settings → Email: how mail gets in (forward-in address, mailboxes), contact auto-creation, quarantine. */
export function EmailSettings() {
  const { role } = useViewer();
  const manager = canManage(role);
  const writable = canWrite(role);
  return (
    <>
      <PageHeader title="Email" description="How mail reaches Rapport, and what it does with people it does not know yet." />
      <div className="grid max-w-3xl grid-cols-[minmax(0,1fr)] gap-5 p-5 md:p-6">
        {writable ? (
          <InboundSection manager={manager} />
        ) : (
          <SettingsSection title="Forward-in address" description="Members and admins see the address that lets mail into this workspace.">
            <p className="text-ink-muted">Ask an admin if you need to forward mail to Rapport.</p>
          </SettingsSection>
        )}
        <MailboxesSection writable={writable} manager={manager} />
        <AutoCreateSection manager={manager} />
        {manager ? <QuarantineSection /> : null}
      </div>
    </>
  );
}
