import type { Metadata } from "next";

import { AcceptInvitation } from "@/features/auth/accept-invitation";

export const metadata: Metadata = { title: "Invitation" };

export default function InvitationPage() {
  return <AcceptInvitation />;
}
