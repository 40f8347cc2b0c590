import type { NextRequest } from "next/server";

import { SignInDocument } from "@/features/auth/documents";
import { callApi } from "@/lib/server/api";
import { badRequest, readJson, sessionResponse } from "@/lib/server/session";

export async function POST(request: NextRequest) {
  const body = await readJson(request);
  if (!body) return badRequest();
  const input = { email: String(body.email ?? ""), password: String(body.password ?? "") };
  return sessionResponse(request, await callApi(SignInDocument, { input }), "signIn");
}
