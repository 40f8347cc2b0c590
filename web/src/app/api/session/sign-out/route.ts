import { NextResponse, type NextRequest } from "next/server";

import { SignOutDocument } from "@/features/auth/documents";
import { callApi } from "@/lib/server/api";
import { badRequest, clearSessionCookies, readJson } from "@/lib/server/session";
import { REFRESH_COOKIE } from "@/lib/session-cookies";

export async function POST(request: NextRequest) {
  if (!(await readJson(request))) return badRequest();
  const refreshToken = request.cookies.get(REFRESH_COOKIE)?.value;
  // Revoke on the api; the cookies go whatever it answers, so signing out always works.
  if (refreshToken) await callApi(SignOutDocument, { refreshToken });
  const response = NextResponse.json({ ok: true });
  clearSessionCookies(response);
  return response;
}
