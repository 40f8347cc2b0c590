import { NextResponse, type NextRequest } from "next/server";

import { RequestPasswordResetDocument } from "@/features/auth/documents";
import { problemFromErrors } from "@/lib/api-errors";
import { callApi } from "@/lib/server/api";
import { badRequest, problemResponse, readJson } from "@/lib/server/session";

/** Asks for a reset link; the api answers true whether or not the email has an account. */
export async function POST(request: NextRequest) {
  const body = await readJson(request);
  if (!body) return badRequest();
  const result = await callApi(RequestPasswordResetDocument, { email: String(body.email ?? "") });
  if (result.errors?.length) return problemResponse(problemFromErrors(result.errors));
  return NextResponse.json({ ok: true });
}
