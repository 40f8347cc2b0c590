import "server-only";

import { cache } from "react";

import { ViewerDocument } from "@/features/shell/documents";
import { serverQuery } from "@/lib/server/query";
import type { Viewer } from "@/lib/viewer";

/** The signed-in viewer, fetched once per request however many server components ask. */
export const getViewer = cache(async (): Promise<Viewer> => {
  const data = await serverQuery(ViewerDocument, {});
  const member = data.members.find((item) => item.user.id === data.me.id);
  return {
    user: data.me,
    workspace: data.workspace,
    workspaces: data.workspaces,
    role: member?.role ?? "VIEWER",
    memberId: member?.id ?? "",
  };
});
