// A real OpenID Connect provider for the sign-in tests: panva's oidc-provider (npm,
// pinned in package.json) on 127.0.0.1. Authorization code flow with PKCE, signed
// id_tokens (RS256, key made at start), RP-initiated logout.
//
// Configuration comes from one environment variable, OIDC_TEST_CONFIG (JSON):
//   {"port": 0, "issuer": "http://127.0.0.1:PORT" (optional),
//    "client": {"client_id", "client_secret", "redirect_uris", "post_logout_redirect_uris"},
//    "accounts": {"alice@nhs.net": {"name": "Alice", "email_verified": true, "amr": ["pwd"]}},
//    "clock_offset_seconds": 0}
// It prints "listening <issuer>" on stdout once it accepts connections.
//
// The sign-in page (/interaction/<uid>) is a plain form: type the e-mail address of one
// of the accounts. Consent is granted automatically (a first-party client).
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || '{}');
const offsetMs = (config.clock_offset_seconds || 0) * 1000;
if (offsetMs) {
  // A provider whose clock is wrong issues tokens that are already expired.
  const realNow = Date.now;
  Date.now = () => realNow() + offsetMs;
}
const accounts = config.accounts || {};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>`
    + `<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

const server = http.createServer();
server.listen(config.port || 0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = config.issuer || `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
      ...config.client,
    }],
    jwks: { keys: [jwk] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    pkce: { required: () => true },
    claims: {
      acr: null, amr: null, auth_time: null, iss: null, sid: null,
      openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name'],
    },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600,
      Session: 3600, Grant: 3600,
    },
    async findAccount(ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id, email: id, email_verified: account.email_verified !== false, name: account.name || id,
          };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const { Grant } = ctx.oidc.provider;
      const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing) return Grant.find(existing);
      const grant = new Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();

  server.on('request', async (req, res) => {
    if (offsetMs) {
      // Cookies the skewed clock would date in the past become browser-session cookies.
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name, value) => {
        if (name.toLowerCase() !== 'set-cookie') return setHeader(name, value);
        const strip = (cookie) => cookie.replace(/; expires=[^;]*/i, '');
        return setHeader(name, Array.isArray(value) ? value.map(strip) : strip(value));
      };
    }
    const match = req.url.match(/^\/interaction\/([^/?]+)/);
    if (!match) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return res.end(page('Sign in to the test provider', `<form method="post" action="/interaction/${escapeHtml(details.uid)}">`
          + '<label for="email">E-mail address</label> <input id="email" name="email" type="email">'
          + ' <button type="submit">Continue</button></form>'));
      }
      const email = (await readForm(req)).get('email') || '';
      const account = accounts[email];
      if (!account) {
        res.statusCode = 400;
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return res.end(page('No such account', `<p>${escapeHtml(email)} is not an account here.</p>`));
      }
      const login = { accountId: email, amr: account.amr || ['pwd'] };
      if (account.acr) login.acr = account.acr;
      return await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
    } catch (err) {
      res.statusCode = 400;
      return res.end(String(err));
    }
  });
  process.stdout.write(`listening ${issuer}\n`);
});
