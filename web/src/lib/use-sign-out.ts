"use client";

import { useRouter } from "next/navigation";

import { postSession } from "@/lib/session-client";

/** Signs this browser out (its session cookies go) and shows the sign-in page. */
export function useSignOut(): () => Promise<void> {
  const router = useRouter();
  return async () => {
    await postSession("sign-out");
    router.replace("/sign-in");
    router.refresh();
  };
}
