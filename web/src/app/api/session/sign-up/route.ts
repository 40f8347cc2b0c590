import type { NextRequest } from "next/server";

import { SignUpDocument } from "@/features/auth/documents";
import { callApi } from "@/lib/server/api";
import { badRequest, readJson, sessionResponse } from "@/lib/server/session";

export async function POST(request: NextRequest) {
  const body = await readJson(request);
  if (!body) return badRequest();
  const input = {
    name: String(body.name ?? ""),
    email: String(body.email ?? ""),
    password: String(body.password ?? ""),
    workspaceName: String(body.workspaceName ?? ""),
  };
  return sessionResponse(request, await callApi(SignUpDocument, { input }), "signUp");
}
