import type { NextRequest } from "next/server";

import { CreateWorkspaceDocument } from "@/features/auth/documents";
import { callApi } from "@/lib/server/api";
import { badRequest, readJson, sessionResponse } from "@/lib/server/session";
import { ACCESS_COOKIE } from "@/lib/session-cookies";

export async function POST(request: NextRequest) {
  const body = await readJson(request);
  if (!body) return badRequest();
  const token = request.cookies.get(ACCESS_COOKIE)?.value;
  const result = await callApi(CreateWorkspaceDocument, { name: String(body.name ?? "") }, token);
  return sessionResponse(request, result, "createWorkspace");
}
