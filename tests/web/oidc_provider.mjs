// A real OpenID Connect provider for the browser tests: npm's oidc-provider
// on a loopback port, with its development login and consent pages (any
// password signs in the account named by the login), one confidential
// client (client_secret_basic, PKCE required) whose redirect URI is
// mrtrackd's callback, and accounts carrying mrtrack's role and units claims.
//
// The provider listens before mrtrackd starts (mrtrackd's config names the
// issuer) and learns mrtrackd's address afterwards, with addClient().
//
//   node oidc_provider.mjs http://127.0.0.1:8420/sign-in/oidc/callback
// runs one by hand, with the accounts below, until interrupted.
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Provider } from 'oidc-provider';

export const CLIENT_ID = 'mrtrack-web-test';
export const CLIENT_SECRET = 'oidc-client-secret-' + randomBytes(8).toString('hex');

// Login names -> claims. mrtrack_role and mrtrack_units are the claims
// mrtrackd's [web.oidc] role_claim and units_claim name by default.
export const ACCOUNTS = {
  'oidc.editor': { email: 'oidc.editor@example.org', email_verified: true, name: 'Olga Oidc',
                   mrtrack_role: 'editor', mrtrack_units: ['kaz-programme'] },
  'no.role': { email: 'no.role@example.org', email_verified: true, name: 'Nora Norole' },
};

export async function startProvider({ accounts = ACCOUNTS } = {}) {
  let callback = null;
  const server = http.createServer((req, res) => {
    if (callback) return callback(req, res);
    res.statusCode = 503;
    res.end('the provider has no client yet');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', use: 'sig', alg: 'RS256' };
  return {
    issuer,
    // Creates the provider with its one client, redirecting to `redirectUri`.
    addClient(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [{
          client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri],
          grant_types: ['authorization_code'], response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        }],
        jwks: { keys: [signingKey] },
        cookies: { keys: [randomBytes(16).toString('hex')] },
        scopes: ['openid', 'email', 'profile', 'mrtrack'],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'],
                  mrtrack: ['mrtrack_role', 'mrtrack_units'] },
        pkce: { required: () => true },
        features: { devInteractions: { enabled: true } },
        async findAccount(ctx, id) {
          if (!accounts[id]) return undefined;
          return { accountId: id, async claims() { return { sub: id, ...accounts[id] }; } };
        },
      });
      // The test's provider prints nothing for the warnings of development mode.
      provider.on('server_error', (ctx, err) => console.error('oidc-provider:', err));
      callback = provider.callback();
    },
    stop() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const redirectUri = process.argv[2];
  if (!redirectUri) {
    console.error('usage: node oidc_provider.mjs <redirect URI of mrtrackd>');
    process.exit(2);
  }
  const p = await startProvider();
  p.addClient(redirectUri);
  console.log(`issuer ${p.issuer}\nclient_id ${CLIENT_ID}\nclient_secret ${CLIENT_SECRET}`);
}
