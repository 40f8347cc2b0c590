// Two real OpenID providers (npm oidc-provider) for Rapport's OAuth tests, shaped like Google's and
// Microsoft's: Google's issuer is the bare origin and it asserts `email_verified`; Microsoft's issuer is
// `<origin>/<tenant id>/v2.0` and its ID token carries `tid`, `oid`, `preferred_username` and, only when the
// domain owner verified the address, `xms_edov`. Sign-in uses oidc-provider's development interactions (a
// login form that accepts any login with any password, then a consent form), so a test or a browser
// signs in as whichever account it registered.
//
// Environment: OIDC_CLIENTS, a JSON object {"google": {"client_id", "client_secret", "redirect_uris"},
// "microsoft": {...}}. Prints one JSON line {"google": issuer, "microsoft": issuer, "admin": url} on
// stdout when both listen (on 127.0.0.1, free ports unless OIDC_GOOGLE_PORT / OIDC_MICROSOFT_PORT).
//
// Test-only admin endpoints on each provider's origin (nothing else may reach 127.0.0.1 here):
//   POST /__test/accounts {"id": login, "claims": {...}}   what the account's ID token says
//   POST /__test/tamper {"aud"|"iss"|"exp"|"nonce"|"foreignKey": ...}
//        the next token response's ID token is re-signed with these claims changed (with a key the
//        provider never published when foreignKey is true): a real provider's token, made wrong.
import http from "node:http";

import * as jose from "jose";
import Provider from "oidc-provider";

const MICROSOFT_TENANT = "4f1c1d5e-0d2b-4b7e-9a53-6f1a2b3c4d5e";
const clients = JSON.parse(process.env.OIDC_CLIENTS ?? "{}");

async function signingKey() {
  const { privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  return { ...jwk, kid: `k-${Math.random().toString(36).slice(2, 10)}`, alg: "RS256", use: "sig" };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      try {
        resolve(body ? JSON.parse(body) : {});
      } catch (error) {
        reject(error);
      }
    });
  });
}

async function startProvider(name, { issuerPath, claims, port }) {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const issuer = origin + issuerPath;
  const accounts = new Map();
  let tamper = null;
  const key = await signingKey();
  const client = clients[name];
  const provider = new Provider(issuer, {
    clients: client
      ? [{ ...client, grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_post" }]
      : [],
    jwks: { keys: [key] },
    claims,
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ["rapport-test-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = accounts.get(id) ?? { sub: id, email: id, email_verified: true, name: id };
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  provider.proxy = false;
  // Re-signs the ID token of the next token response when a test asked for a wrong one.
  provider.use(async (ctx, next) => {
    await next();
    if (!tamper || ctx.method !== "POST" || !ctx.path.endsWith("/token") || !ctx.body?.id_token) return;
    const changes = tamper;
    tamper = null;
    const claimsOf = jose.decodeJwt(ctx.body.id_token);
    const { foreignKey, ...overrides } = changes;
    const signer = foreignKey ? await signingKey() : key;
    const privateKey = await jose.importJWK(signer, "RS256");
    ctx.body = {
      ...ctx.body,
      id_token: await new jose.SignJWT({ ...claimsOf, ...overrides })
        .setProtectedHeader({ alg: "RS256", kid: signer.kid, typ: "JWT" })
        .sign(privateKey),
    };
  });
  const callback = provider.callback();
  const prefix = issuerPath;
  server.on("request", async (req, res) => {
    if (req.method === "POST" && req.url === "/__test/accounts") {
      const { id, claims: accountClaims } = await readBody(req);
      accounts.set(id, accountClaims);
      res.writeHead(204).end();
      return;
    }
    if (req.method === "POST" && req.url === "/__test/tamper") {
      tamper = await readBody(req);
      res.writeHead(204).end();
      return;
    }
    if (prefix && req.url.startsWith(prefix)) {
      req.url = req.url.slice(prefix.length) || "/";
      req.originalUrl = req.url;
    }
    callback(req, res);
  });
  return { name, issuer, server };
}

const google = await startProvider("google", {
  issuerPath: "",
  port: Number(process.env.OIDC_GOOGLE_PORT ?? 0),
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "picture", "hd"],
  },
});
const microsoft = await startProvider("microsoft", {
  issuerPath: `/${MICROSOFT_TENANT}/v2.0`,
  port: Number(process.env.OIDC_MICROSOFT_PORT ?? 0),
  claims: {
    openid: ["sub", "tid", "oid", "xms_edov"],
    email: ["email"],
    profile: ["name", "preferred_username"],
  },
});
process.stdout.write(`${JSON.stringify({ google: google.issuer, microsoft: microsoft.issuer })}\n`);

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    google.server.close();
    microsoft.server.close();
    process.exit(0);
  });
}
