import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/**
 * Generated requests for the security suite's fuzzer (`security/fuzz.test.ts`): everything a client
 * controls, in the shapes careless clients and attackers send. A case is plain data (path, headers, body
 * bytes), so that a failure can print exactly what was sent.
 */

export interface FuzzCase {
  method: string;
  /** Sent as written: raw percent-encodings, dot segments and Latin-1 bytes reach the server unchanged. */
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** Declare a `Content-Length` shorter than the body (the rest arrives as a second, garbage request). */
  shortLength: boolean;
}

/** What the fuzzer knows about one endpoint: its path template (`:id` etc.) and what a valid call carries. */
export interface EndpointSpec {
  method: string;
  template: string;
  /** Real values for the template's parameters (a real payment request id, account id, …). */
  params: Record<string, string>;
  /** Headers a legitimate caller sends (the merchant key, the shop's Origin). */
  headers: Record<string, string>;
  /** Field names of a valid body, mixed into generated bodies as near misses. */
  fields: string[];
}

const MALFORMED_PERCENT = [
  '%',
  '%E0%A4%A',
  '%ZZ',
  '%FF',
  '%C0%AF',
  '%ED%A0%80',
  '%00',
  '%2',
  '%%41',
  '%u0041',
];
const ODD_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E',
  '..%2f..%2fetc%2fpasswd',
  '',
  '%20',
  'pr_',
  'pr_000000000000000000000000',
  'acct_',
  'dp_1',
  '\u00e9\u00ff',
  '%F0%9F%93%A6',
  '%E2%80%AE',
  'x'.repeat(10_000),
  '%41'.repeat(2_000),
];

/** A path segment: the real value mostly, else malformed percent-encoding, dot segments, Latin-1, 10 kB. */
const segment = (real: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constant(real) },
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_PERCENT).map((bad) => `${real}${bad}`) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_SEGMENTS) },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: 'binary-ascii', maxLength: 40 })
        .map((s) => encodeURIComponent(s).replace(/%25/g, '%')),
    },
  );

const pathOf = (spec: EndpointSpec): fc.Arbitrary<string> => {
  const parts = spec.template.split('/');
  return fc
    .tuple(
      fc.tuple(
        ...parts.map((p) =>
          p.startsWith(':') ? segment(spec.params[p.slice(1)] ?? 'x') : fc.constant<string>(p),
        ),
      ),
      fc.constantFrom('', '', '', '/', '//', '/..', '/./', '/%2e%2e/', '/extra', '?'),
    )
    .map(([segments, tail]) => segments.join('/') + tail);
};

const QUERY_KEYS = [
  'limit',
  'status',
  'reference',
  'starting_after',
  'payment_request',
  'created_gte',
  'limit[]',
  'status[$ne]',
  '__proto__',
  'constructor[prototype][x]',
  'a[b][c][d]',
  '',
];
const QUERY_VALUES = [
  '1',
  '0',
  '-1',
  '1e400',
  '100',
  'open',
  'x',
  '',
  '%00',
  '%E0%A4%A',
  '%ED%A0%80',
  'a'.repeat(5_000),
];

const queryOf: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), fc.constantFrom(...QUERY_VALUES)), {
        minLength: 1,
        maxLength: 6,
      })
      .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('?', '?&&&', '?=', '?a', `?${'a=1&'.repeat(2_000)}`) },
);

/** Header values that llhttp lets through: printable ASCII and Latin-1 (Node refuses control characters). */
const headerText = fc
  .string({
    unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c === 0x7f ? 0x20 : c)),
    maxLength: 120,
  })
  .map((s) => s.trim());

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=utf-32',
  'application/json; charset="',
  'application/json;;;',
  'application/json-seq',
  'application/merge-patch+json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/plain',
  'application/pdf',
  '*/*',
  '',
];

/** `arb` in about `present` cases out of `present + absent`, else no value (the header is not sent). */
const sometimes = <T>(arb: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: present, arbitrary: arb }, { weight: absent, arbitrary: fc.constant(null) });

const headersOf = (spec: EndpointSpec): fc.Arbitrary<Record<string, string>> =>
  fc
    .record({
      'x-request-id': sometimes(
        fc.oneof(
          fc.constantFrom('req-client-0001', '4242424242424242', '../../etc', 'a'.repeat(500)),
          headerText,
        ),
        1,
        3,
      ),
      'idempotency-key': sometimes(
        fc.oneof(fc.constantFrom('key-1', 'key-2', 'ü', 'k'.repeat(256)), headerText),
        1,
        3,
      ),
      'content-type': fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json') },
        { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
        { weight: 1, arbitrary: headerText },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
      origin: sometimes(
        fc.constantFrom(
          'https://evil.example',
          'null',
          'http://127.0.0.1',
          'https://shop-a.example.evil.example',
          '',
        ),
        1,
        6,
      ),
      authorization: sometimes(
        fc.constantFrom('Bearer ', `Bearer cp_test_${'x'.repeat(43)}`, 'Basic Og==', 'bearer'),
        1,
        8,
      ),
      'content-encoding': sometimes(
        fc.constantFrom('gzip', 'deflate', 'br', 'zstd', 'zz', 'identity'),
        1,
        12,
      ),
    })
    .map((h) => {
      const out: Record<string, string> = { ...spec.headers };
      for (const [k, v] of Object.entries(h)) if (v !== null) out[k] = v;
      return out;
    });

const SPECIAL_NUMBERS = ['1e400', '-1e400', '-0', '9007199254740993', '0.1', '1e-400', '-1', '1E2', '12500'];
const SPECIAL_STRINGS = [
  '"\\ud800"',
  '"a\\udc00b"',
  '"\\u0000"',
  '"x\\u001b[31m"',
  '"\\u0034\\u0032\\u0034\\u0032"',
  '"📦 Łódź"',
  '""',
  '"eur"',
  '"https://shop-a.example/x"',
  '"DE136695976"',
  '"ES"',
  `"${'a'.repeat(20_000)}"`,
];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', '\\ud800', 'a.b'];

/** A JSON-ish text built from the endpoint's field names, special numbers, broken strings and odd keys. */
const jsonText = (spec: EndpointSpec): fc.Arbitrary<string> => {
  const leaf = fc.oneof(
    fc.constantFrom(...SPECIAL_NUMBERS, ...SPECIAL_STRINGS, 'true', 'null', '{}', '[]'),
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  );
  const key = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...spec.fields, 'amount', 'metadata', 'text', 'submit') },
    { weight: 1, arbitrary: fc.constantFrom(...KEYS) },
  );
  const object = fc
    .array(fc.tuple(key, leaf), { maxLength: 8 })
    .map((pairs) => `{${pairs.map(([k, v]) => `"${k}":${v}`).join(',')}}`);
  return fc.oneof(
    { weight: 6, arbitrary: object },
    { weight: 1, arbitrary: object.map((o) => `{"metadata":${o},"customer":${o},"signals":${o}}`) },
  );
};

/** Bodies past the parser's limits and tricks: depth, size, number of keys, encodings, broken UTF-8. */
const trickyBody = (spec: EndpointSpec): fc.Arbitrary<Buffer | string> =>
  fc.oneof(
    fc.integer({ min: 1, max: 10_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
    fc.integer({ min: 30, max: 40 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d)),
    fc
      .integer({ min: 1, max: 5_000 })
      .map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`),
    fc.constantFrom(
      '',
      ' ',
      '{',
      '{"a":',
      'null',
      '"text"',
      '1e400',
      '[]',
      '[{}]',
      '\ufeff{}',
      '{"a":1}garbage',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      `{"${spec.fields[0] ?? 'a'}":"${'x'.repeat(300_000)}"}`,
    ),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.constantFrom(
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
      Buffer.from('{"a":"é"}', 'latin1'),
      Buffer.from('{"a":"b"}', 'utf16le'),
      gzipSync('{"a":1}'),
      gzipSync('['.repeat(5_000) + ']'.repeat(5_000)),
      Buffer.from('%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ),
  );

const bodyOf = (spec: EndpointSpec): fc.Arbitrary<Buffer | null> =>
  fc
    .oneof(
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 5, arbitrary: jsonText(spec) },
      { weight: 3, arbitrary: trickyBody(spec) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    )
    .map((b) => (b === null ? null : Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8')));

/** Every client-controlled part of a request to `spec`, generated together. */
export function fuzzCase(spec: EndpointSpec): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      path: pathOf(spec),
      query: queryOf,
      headers: headersOf(spec),
      body:
        spec.method === 'GET' ? fc.oneof(fc.constant(null), fc.constant(null), bodyOf(spec)) : bodyOf(spec),
      shortLength: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
    })
    .map(({ path, query, headers, body, shortLength }) => ({
      method: spec.method,
      path: path.includes('?') ? path : path + query,
      headers,
      body,
      shortLength: shortLength && body !== null && body.length > 1,
    }));
}

/** A short, printable description of a case for failure messages (bodies and long values cut). */
export function describeCase(c: FuzzCase): string {
  const cut = (s: string) => (s.length > 400 ? `${s.slice(0, 400)}…(${s.length})` : s);
  return JSON.stringify({
    method: c.method,
    path: cut(c.path),
    headers: Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, cut(v)])),
    body: c.body === null ? null : cut(c.body.toString('latin1')),
    shortLength: c.shortLength,
  });
}

const EVENT_TYPES = [
  '"payment_intent.succeeded"',
  '"payment_intent.payment_failed"',
  '"charge.refunded"',
  '"charge.dispute.created"',
  '"charge.dispute.closed"',
  '"account.updated"',
  '"radar.early_fraud_warning.created"',
  '"no.such.type"',
  '42',
  'null',
  '""',
];

/**
 * Stripe event envelopes of the wrong shape, to be signed with the stack's webhook secret when sent (a
 * signature is only good for 300 s):
 * ids that are numbers (`0`, `-0`, `9007199254740993`), null or objects; unknown or non-string types;
 * `created` as a float, a string, negative or far in the future; `data` or `data.object` missing or of the
 * wrong type; `livemode` not a boolean; and bodies that are not JSON at all. About one in five is well formed.
 */
export function envelopeCase(paymentRequestId: string): fc.Arbitrary<FuzzCase> {
  const now = Math.floor(Date.now() / 1000);
  const object = fc.constantFrom(
    'null',
    '"pi_x"',
    '[]',
    '{}',
    '{"id":0}',
    `{"id":"pi_${'a'.repeat(24)}","object":"payment_intent","amount":12500,"currency":"eur","status":"succeeded","metadata":{"payment_request":"${paymentRequestId}"}}`,
    `{"id":"ch_fuzz","object":"charge","amount_refunded":1e400,"metadata":{"payment_request":"${paymentRequestId}"}}`,
    `{"id":"dp_fuzz","object":"dispute","amount":-0,"reason":"\\ud800","charge":{"id":null}}`,
    '{"id":"acct_fuzz","object":"account","charges_enabled":"yes"}',
  );
  const envelope = fc
    .record({
      id: fc.oneof(
        { weight: 3, arbitrary: fc.stringMatching(/^evt_[0-9A-Za-z]{24}$/).map((s) => `"${s}"`) },
        {
          weight: 2,
          arbitrary: fc.constantFrom('0', '-0', '9007199254740993', 'null', '{}', '""', '"evt_\\ud800"'),
        },
      ),
      type: fc.constantFrom(...EVENT_TYPES),
      created: fc.constantFrom(
        String(now),
        String(now),
        `${now}.5`,
        `"${now}"`,
        '-1',
        '1e400',
        String(now + 10 * 365 * 86_400),
        'null',
      ),
      livemode: fc.constantFrom('false', 'false', '"false"', 'null', '1'),
      data: fc.oneof(
        { weight: 4, arbitrary: object.map((o) => `{"object":${o}}`) },
        { weight: 1, arbitrary: fc.constantFrom('null', '{}', '[]', '"data"') },
      ),
      drop: fc.constantFrom('', '', '', 'id', 'type', 'created', 'data'),
    })
    .map(({ drop, ...fields }) => {
      const parts = Object.entries({ object: '"event"', api_version: '"2025-01-01"', ...fields })
        .filter(([k]) => k !== drop)
        .map(([k, v]) => `"${k}":${v}`);
      return `{${parts.join(',')}}`;
    });
  const payload = fc.oneof(
    { weight: 8, arbitrary: envelope },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', 'null', '[]', '"event"', '{', '['.repeat(5_000) + ']'.repeat(5_000)),
    },
  );
  return payload.map((text) => ({
    method: 'POST',
    path: '/v1/webhooks/stripe',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(text, 'utf8'),
    shortLength: false,
  }));
}
