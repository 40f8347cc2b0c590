import type { NextRequest } from "next/server";

import { SwitchWorkspaceDocument } from "@/features/auth/documents";
import { callApi } from "@/lib/server/api";
import { badRequest, readJson, sessionResponse } from "@/lib/server/session";
import { ACCESS_COOKIE } from "@/lib/session-cookies";

export async function POST(request: NextRequest) {
  const body = await readJson(request);
  if (!body || typeof body.workspaceId !== "string") return badRequest();
  const token = request.cookies.get(ACCESS_COOKIE)?.value;
  const result = await callApi(SwitchWorkspaceDocument, { workspaceId: body.workspaceId }, token);
  return sessionResponse(request, result, "switchWorkspace");
}
