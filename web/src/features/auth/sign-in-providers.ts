import "server-only";

import { graphql } from "@/gql";
import { callApi } from "@/lib/server/api";

export const AuthProvidersDocument = graphql(`
  query AuthProviders {
    authProviders {
      id
      label
      startUrl
    }
  }
`);

export interface SignInProvider {
  id: string;
  label: string;
  startUrl: string;
}

/** The providers this Rapport signs in with (Google, Microsoft), or none when the api cannot say. */
export async function signInProviders(): Promise<SignInProvider[]> {
  const result = await callApi(AuthProvidersDocument, {});
  return result.data?.authProviders ?? [];
}
