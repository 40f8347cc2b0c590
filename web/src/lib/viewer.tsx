"use client";

import { createContext, useContext, type ReactNode } from "react";

export type Role = "OWNER" | "ADMIN" | "MEMBER" | "VIEWER";

/** Who is looking, fetched once per page by the (app) layout on the server. */
export interface Viewer {
  user: { id: string; name: string; email: string };
  workspace: { id: string; name: string };
  workspaces: { id: string; name: string }[];
  role: Role;
  /** The member id of the viewer in this workspace. */
  memberId: string;
}

const ViewerContext = createContext<Viewer | null>(null);

export function ViewerProvider({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error("useViewer is only available inside the (app) layout");
  return viewer;
}

/** MEMBER and up write records; VIEWER only reads. Hide write controls when false. */
export function canWrite(role: Role): boolean {
  return role !== "VIEWER";
}

/** OWNER and ADMIN manage members, pipelines and custom fields. */
export function canManage(role: Role): boolean {
  return role === "OWNER" || role === "ADMIN";
}

export function useCanWrite(): boolean {
  return canWrite(useViewer().role);
}
