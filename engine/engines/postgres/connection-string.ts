/**
 * The database connection string: which forms codicil reads, what in it is
 * secret, and how it may be shown. The password is never printed, whatever
 * form it was given in: a URL's user:password@, a query parameter
 * (?password=, ?sslpassword=, also percent-encoded as node-postgres decodes
 * it), libpq's keyword/value pairs (password='a b' with escapes, any
 * spacing), or a form that cannot be read at all (then nothing of it is shown).
 */

/**
 * Parameters whose value is secret: libpq's password and sslpassword (the
 * client key's passphrase), PostgreSQL 18's oauth_client_secret, and anything
 * named like them. Paths (passfile, sslkey, sslcert) are not secrets.
 */
const SECRET_NAME = /pass(?:word|phrase)|secret|token|pwd/i;

/** A secret name=value anywhere in text (a form mixed into another, a .NET `Password=x;`): the value quoted as libpq quotes, or up to a space, & or #. */
const SECRET_PAIR = /([A-Za-z0-9_]*(?:pass(?:word|phrase)|secret|token|pwd)[A-Za-z0-9_]*[ \t\n\v\f\r]*=[ \t\n\v\f\r]*)('(?:\\[\s\S]|[^'\\])*'?|(?:\\[\s\S]|[^\s&#\\])*)/gi;

/** scheme:// — a URL (only postgresql:// and postgres:// are read). */
const URL_FORM = /^([a-z][a-z0-9+.-]*):\/\//i;

/** The schemes libpq reads. */
const POSTGRES_SCHEME = /^postgres(?:ql)?$/i;

/** What shows a masked secret. */
const MASK = '***';

/** How to write a URL, for the messages of a form codicil does not read. */
const URL_EXAMPLE = 'postgresql://user@host:port/dbname, a socket folder as ?host=/path';

/** A connection string with its secrets masked, and the secrets (as written and as decoded). */
interface Masked {
  shown: string;
  secrets: string[];
}

/** libpq's isspace: what separates keyword/value pairs. */
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

/** Mask secret name=value pairs left anywhere in a shown string. */
function maskPairs(masked: Masked): Masked {
  const secrets = [...masked.secrets];
  const shown = masked.shown.replace(SECRET_PAIR, (_all, name: string, value: string) => {
    if (value !== MASK) secrets.push(value, unquoted(value));
    return `${name}${MASK}`;
  });
  return { shown, secrets };
}

/** A libpq value as it means: quotes and backslash escapes removed. */
function unquoted(value: string): string {
  const inner = value.startsWith("'") ? value.slice(1, value.endsWith("'") && value.length > 1 ? -1 : undefined) : value;
  return inner.replace(/\\([\s\S])/g, '$1');
}

/** Percent-decoded as a URL decodes it (a query value: + is a space), or as written when it does not decode. */
function decoded(text: string, query: boolean): string {
  try {
    return decodeURIComponent(query ? text.replace(/\+/g, ' ') : text);
  } catch {
    return text;
  }
}

/**
 * A URL with its secrets masked, split as a URL parser splits it (RFC 3986,
 * WHATWG): the authority ends at the first / or ?, its user info at the last
 * @ in it, the password after the first : of the user info.
 *
 * @returns null when the split is ambiguous (a # or an @ after the host: a
 *   password with an unencoded /, ? or # is cut there), so nothing after the
 *   scheme may be shown.
 */
function maskUrl(text: string, scheme: string): Masked | null {
  if (text.includes('#')) return null;
  const rest = text.slice(scheme.length + 3);
  const end = rest.search(/[/?]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const after = rest.slice(authority.length);
  const at = authority.lastIndexOf('@');
  if (at < 0 && after.includes('@')) return null;
  const secrets: string[] = [];
  let shownAuthority = authority;
  const colon = at < 0 ? -1 : authority.slice(0, at).indexOf(':');
  if (colon >= 0) {
    const password = authority.slice(colon + 1, at);
    secrets.push(password, decoded(password, false));
    shownAuthority = `${authority.slice(0, colon + 1)}${MASK}${authority.slice(at)}`;
  }
  const q = after.indexOf('?');
  const path = q < 0 ? after : after.slice(0, q);
  // Parameter names are compared decoded, as node-postgres reads them: ?pass%77ord= is a password.
  const query =
    q < 0
      ? ''
      : `?${after
          .slice(q + 1)
          .split('&')
          .map((piece) => {
            const eq = piece.indexOf('=');
            const name = [...new URLSearchParams(piece).keys()][0] ?? '';
            if (eq < 0 || !SECRET_NAME.test(name)) return piece;
            const value = piece.slice(eq + 1);
            secrets.push(value, decoded(value, true));
            return `${piece.slice(0, eq + 1)}${MASK}`;
          })
          .join('&')}`;
  return maskPairs({ shown: `${scheme}://${shownAuthority}${path}${query}`, secrets });
}

/**
 * The secrets of a URL as node-postgres reads it (pg-connection-string: spaces
 * and stray % encoded first, a dummy host for an empty one). Its first steps
 * restated, not its `parse`: that reads the files named by sslcert, sslkey
 * and sslrootcert, which masking a string must never do.
 *
 * @returns the secrets, or null when node-postgres cannot read the URL.
 */
function driverSecrets(text: string): string[] | null {
  let url: URL;
  try {
    const str = / |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(text) ? encodeURI(text).replace(/%25(\d\d)/g, '%$1') : text;
    try {
      url = new URL(str, 'postgres://base');
    } catch {
      url = new URL(str.replace('@/', '@___DUMMY___/'), 'postgres://base');
    }
  } catch {
    return null;
  }
  const secrets = [url.password, decoded(url.password, false)];
  for (const [name, value] of url.searchParams) if (SECRET_NAME.test(name)) secrets.push(value);
  return secrets;
}

/**
 * libpq's keyword/value pairs (`host=h password='a b'`) with secret values masked.
 *
 * @returns null unless the whole text is such pairs, as libpq parses them.
 */
function maskKeywordValue(text: string): Masked | null {
  const secrets: string[] = [];
  let shown = '';
  let last = 0;
  let pairs = 0;
  let i = 0;
  for (;;) {
    while (isSpace(text[i])) i++;
    if (i >= text.length) break;
    const nameStart = i;
    while (i < text.length && text[i] !== '=' && !isSpace(text[i])) i++;
    const name = text.slice(nameStart, i);
    while (isSpace(text[i])) i++;
    if (text[i] !== '=' || name === '') return null;
    i++;
    while (isSpace(text[i])) i++;
    const valueStart = i;
    let value = '';
    if (text[i] === "'") {
      i++;
      for (;;) {
        if (i >= text.length) return null; // an unterminated quoted value
        if (text[i] === '\\') i++;
        else if (text[i] === "'") {
          i++;
          break;
        }
        if (i >= text.length) return null;
        value += text[i++];
      }
    } else {
      while (i < text.length && !isSpace(text[i])) {
        if (text[i] === '\\') i++;
        if (i < text.length) value += text[i++];
      }
    }
    pairs++;
    if (SECRET_NAME.test(name)) {
      secrets.push(value, text.slice(valueStart, i));
      shown += `${text.slice(last, valueStart)}${MASK}`;
      last = i;
    }
  }
  if (pairs === 0) return null;
  return maskPairs({ shown: shown + text.slice(last), secrets });
}

/** The connection string masked, and every secret found in it (empty and already-masked ones dropped). */
function masked(text: string): { shown: string; secrets: string[] } {
  const url = URL_FORM.exec(text);
  const found = url ? maskUrl(text, url[1]!) : maskKeywordValue(text);
  const secrets = [...(found?.secrets ?? []), ...(url ? (driverSecrets(text) ?? []) : [])].filter((s) => s !== '' && s !== MASK);
  const placeholder = url ? `${url[1]}://${MASK}` : MASK;
  // Fail closed: a form not understood, or a secret still in sight (as the driver reads it too), shows nothing but the scheme.
  if (!found || secrets.some((s) => found.shown.includes(s))) return { shown: placeholder, secrets };
  return { shown: found.shown, secrets };
}

/**
 * A database connection string as it may be shown: every secret replaced by
 * `***`; when the form cannot be read, nothing after the scheme (or nothing).
 *
 * @param text the connection string (--database, CODICIL_DATABASE_URL).
 * @returns what may be printed.
 */
export function redacted(text: string): string {
  return masked(text).shown;
}

/**
 * The secrets of a connection string, as written and as decoded: what must be
 * taken out of a driver's or server's message before it is shown.
 *
 * @param text the connection string.
 * @returns the secrets, longest first.
 */
export function secretsOf(text: string): string[] {
  return [...new Set(masked(text).secrets)].sort((a, b) => b.length - a.length);
}

/**
 * A message with the secrets of a connection string taken out.
 *
 * @param message what a driver or server said.
 * @param text the connection string.
 * @returns the message, each secret replaced by `***`.
 */
export function scrubbed(message: string, text: string): string {
  return secretsOf(text).reduce((m, secret) => m.split(secret).join(MASK), message);
}

/**
 * Free text that may hold a connection string (an argument given without
 * --database, a value given twice): a connection string masked as
 * {@link redacted} masks it; other text with user:password@ and secret
 * name=value pairs masked.
 *
 * @param text what the user typed.
 * @returns what may be printed.
 */
export function withoutSecrets(text: string): string {
  if (URL_FORM.test(text) || maskKeywordValue(text) !== null) return redacted(text);
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):[^\s/?#]*@/gi, `$1:${MASK}@`).replace(SECRET_PAIR, `$1${MASK}`);
}

/**
 * Why codicil cannot use a connection string, or null when it is a
 * PostgreSQL URL node-postgres reads as written. node-postgres reads only
 * URLs: anything else it would take for a database name on a host `base`.
 *
 * @param text the connection string.
 * @returns the problem in words (never the string itself), or null.
 */
export function connectionStringProblem(text: string): string | null {
  const url = URL_FORM.exec(text);
  if (!url) {
    if (maskKeywordValue(text) !== null) return `a keyword/value connection string is not read: give it as a URL (${URL_EXAMPLE})`;
    return `it is not a PostgreSQL URL (${URL_EXAMPLE}); it is not shown, as it may hold a password`;
  }
  if (!POSTGRES_SCHEME.test(url[1]!)) return `it is not a PostgreSQL URL: it starts ${url[1]}://, not postgresql:// or postgres:// (${URL_EXAMPLE})`;
  const encode = 'percent-encode @, :, /, ?, # and % in a user name or password (%40, %3A, %2F, %3F, %23, %25)';
  if (text.includes('#')) return `the URL holds a #, which would end it: ${encode}`;
  if (maskUrl(text, url[1]!) === null) return `the URL holds an @ after its host: ${encode}`;
  if (driverSecrets(text) === null) return `it is not a valid URL: ${hostProblem(text, url[1]!) ?? encode}`;
  const modes = parameterValues(text, 'sslmode');
  const unknown = modes.find((mode) => !SSL_MODES.includes(mode));
  // node-postgres takes an sslmode it does not know for one that verifies the server, and then blames the server for it.
  if (unknown !== undefined) return `${unknown === '' ? 'sslmode is empty' : `sslmode=${JSON.stringify(unknown).slice(1, -1)} is not an SSL mode`}: give one of ${SSL_MODES.join(', ')}`;
  return null;
}

/**
 * What is wrong with a URL's host and port, when that is why no parser reads
 * it: an IPv6 address whose [ is not closed, a port that is not a number up
 * to 65535. Null when neither is, and only the user name or password is left
 * to blame.
 */
function hostProblem(text: string, scheme: string): string | null {
  const rest = text.slice(scheme.length + 3);
  const end = rest.search(/[/?]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort);
  if (hostPort.startsWith('[') && bracket === null) {
    return hostPort.includes(']') ? 'an IPv6 host in brackets may be followed only by :port' : 'its host opens an IPv6 address with [ but never closes it with ] (postgresql://user@[::1]:5432/dbname)';
  }
  if (bracket === null && hostPort.includes('[')) return 'a [ in the host may only open an IPv6 address (postgresql://user@[::1]:5432/dbname)';
  const colon = bracket ? -1 : hostPort.lastIndexOf(':');
  const port = bracket ? bracket[2] : colon < 0 ? undefined : hostPort.slice(colon + 1);
  if (port !== undefined && port !== '' && !(/^\d+$/.test(port) && Number(port) <= 65535)) return 'its port is not a number from 0 to 65535';
  return null;
}

/**
 * The sslmode values libpq knows (libpq-ssl.html), and node-postgres's own
 * no-verify. node-postgres 8 reads prefer, require and verify-ca as
 * verify-full (it verifies the server's certificate and host name, and never
 * falls back to a connection without SSL); so does codicil.
 */
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

/** The values of a URL's query parameter, decoded as node-postgres decodes them. */
function parameterValues(text: string, name: string): string[] {
  const q = text.indexOf('?');
  return q < 0 ? [] : new URLSearchParams(text.slice(q + 1)).getAll(name);
}

/**
 * The URL to give node-postgres: as written, but an sslmode it reads as
 * verify-full (prefer, require, verify-ca) written verify-full. Then the
 * connection is verified exactly as before, and node-postgres does not print
 * its multi-line SECURITY WARNING about those modes on stderr, among
 * codicil's words (review). With uselibpqcompat=true, node-postgres reads
 * sslmode as libpq does, without the warning: left as written.
 *
 * @param text a connection string {@link connectionStringProblem} accepts.
 * @returns the URL for node-postgres.
 */
export function driverUrl(text: string): string {
  const q = text.indexOf('?');
  if (q < 0 || parameterValues(text, 'uselibpqcompat').includes('true')) return text;
  const query = text
    .slice(q + 1)
    .split('&')
    .map((piece) => {
      const [name, value] = [...new URLSearchParams(piece)][0] ?? [];
      return name === 'sslmode' && (value === 'prefer' || value === 'require' || value === 'verify-ca') ? 'sslmode=verify-full' : piece;
    });
  return `${text.slice(0, q)}?${query.join('&')}`;
}
