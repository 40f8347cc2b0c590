import type { NextRequest } from "next/server";

import { ResetPasswordDocument } from "@/features/auth/documents";
import { callApi } from "@/lib/server/api";
import { badRequest, readJson, sessionResponse } from "@/lib/server/session";

/** Sets a new password with a mailed link's token; the api signs every session out and this one in. */
export async function POST(request: NextRequest) {
  const body = await readJson(request);
  if (!body || typeof body.token !== "string") return badRequest();
  const result = await callApi(ResetPasswordDocument, { token: body.token, password: String(body.password ?? "") });
  return sessionResponse(request, result, "resetPassword");
}
