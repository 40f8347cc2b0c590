import type { Metadata } from "next";

import { AuditLog } from "@/features/audit/audit-log";

export const metadata: Metadata = { title: "Audit log" };

export default function SettingsAuditLogPage() {
  return <AuditLog />;
}
