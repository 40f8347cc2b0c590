import { NextResponse, type NextRequest } from "next/server";

import { InvitationPreviewDocument, SignedInEmailDocument } from "@/features/auth/documents";
import { problemFromErrors } from "@/lib/api-errors";
import { callApi } from "@/lib/server/api";
import { badRequest, errorsResponse, problemResponse, readJson } from "@/lib/server/session";
import { ACCESS_COOKIE } from "@/lib/session-cookies";

/** What an invitation link is for, and whom this browser is signed in as (null: nobody). */
export async function POST(request: NextRequest) {
  const body = await readJson(request);
  if (!body || typeof body.token !== "string") return badRequest();
  const preview = await callApi(InvitationPreviewDocument, { token: body.token });
  if (preview.errors?.length) return errorsResponse(preview.errors);
  if (!preview.data) return problemResponse(problemFromErrors([]));
  const access = request.cookies.get(ACCESS_COOKIE)?.value;
  const me = access ? await callApi(SignedInEmailDocument, {}, access) : null;
  return NextResponse.json({ ok: true, invitation: preview.data.invitation, signedInAs: me?.data?.me.email ?? null });
}
