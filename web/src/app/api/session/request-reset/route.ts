import { NextResponse, type NextRequest } from "next/server";

import { RequestPasswordResetDocument } from "@/features/auth/documents";
import { callApi } from "@/lib/server/api";
import { badRequest, errorsResponse, readJson } from "@/lib/server/session";

/** Asks for a reset link; the api answers true whether or not the email has an account. */
export async function POST(request: NextRequest) {
  const body = await readJson(request);
  if (!body) return badRequest();
  const result = await callApi(RequestPasswordResetDocument, { email: String(body.email ?? "") });
  if (result.errors?.length) return errorsResponse(result.errors);
  return NextResponse.json({ ok: true });
}
