import { render, screen, waitFor } from "@testing-library/react";
import { Client, Provider, cacheExchange, fetchExchange } from "urql";
import { describe, expect, it, vi } from "vitest";

import type { SystemStatusQuery } from "@/gql/graphql";
import { SystemBanner } from "./system-banner";

/** The api behind a real urql client, answering SystemStatus with `status`. */
function clientAnswering(status: SystemStatusQuery["systemStatus"]) {
  const fetch = vi.fn(async () =>
    new Response(JSON.stringify({ data: { systemStatus: { __typename: "SystemStatus", ...status } } }), {
      headers: { "content-type": "application/json" },
    }),
  );
  return new Client({ url: "http://rapport.test/api/graphql", exchanges: [cacheExchange, fetchExchange], fetch, preferGetMethod: false });
}

describe("SystemBanner", () => {
  it("shows the operator's message while emergency mode is on", async () => {
    const client = clientAnswering({ emergency: true, readOnly: true, message: "Database maintenance until 14:00 UTC" });
    render(
      <Provider value={client}>
        <SystemBanner />
      </Provider>,
    );
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Database maintenance until 14:00 UTC Changes are paused; everything can still be read.",
    );
  });

  it("shows nothing when Rapport runs normally", async () => {
    const client = clientAnswering({ emergency: false, readOnly: false, message: null });
    const fetched = vi.spyOn(client, "executeQuery");
    render(
      <Provider value={client}>
        <SystemBanner />
      </Provider>,
    );
    await waitFor(() => expect(fetched).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole("status")).toBeNull();
  });
});
