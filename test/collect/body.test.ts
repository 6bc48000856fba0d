// body: one delivery -> dump lines; JSON tokens kept exactly, forms and queries as objects of strings.
import { describe, expect, it } from "vitest";
import { type Delivery, deliveryLines } from "../../src/collect/body.js";
import { parseForm, takeParameter } from "../../src/collect/form.js";

/** A POST; `null` sends no Content-Type. */
function post(body: string | Buffer, contentType: string | null = "application/json"): Delivery {
  return {
    method: "POST",
    contentType: contentType ?? undefined,
    contentEncoding: undefined,
    body: typeof body === "string" ? Buffer.from(body, "utf8") : body,
    query: "",
  };
}

function get(query: string): Delivery {
  return { method: "GET", contentType: undefined, contentEncoding: undefined, body: Buffer.alloc(0), query };
}

describe("deliveryLines: JSON", () => {
  it("keeps a one-line object byte for byte, spaces, number forms and big integers included", () => {
    const body = '{"event": "START", "id":12345678901234567890123, "x":1.50e+3, "s":"a\\u00e9\\n"}';
    expect(deliveryLines(post(body))).toEqual({ ok: true, lines: [body] });
  });

  it("minifies only outside strings when an object spans lines", () => {
    const body =
      '{\n  "event": "RING",\r\n  "text": "two  spaces, a tab\\t and \\" quote { [ ,",\n  "n": 1e400\n}\n';
    expect(deliveryLines(post(body))).toEqual({
      ok: true,
      lines: ['{"event":"RING","text":"two  spaces, a tab\\t and \\" quote { [ ,","n":1e400}'],
    });
  });

  it("splits an array into one line per event, each as received", () => {
    const body = ' [ {"id": "a", "n": [1, 2]} ,\n{\n"id":"b"\n},{"id":"c,]"}]  ';
    expect(deliveryLines(post(body))).toEqual({
      ok: true,
      lines: ['{"id": "a", "n": [1, 2]}', '{"id":"b"}', '{"id":"c,]"}'],
    });
  });

  it("accepts an empty array as zero events", () => {
    expect(deliveryLines(post("[]"))).toEqual({ ok: true, lines: [] });
  });

  it("adds received_at at the end, unless the event has its own", () => {
    const at = "2026-12-01T10:00:00.000Z";
    const delivery = { ...post('[{"a":1},{},{"received_at":"mine"}]'), receivedAt: at };
    expect(deliveryLines(delivery)).toEqual({
      ok: true,
      lines: [`{"a":1,"received_at":"${at}"}`, `{"received_at":"${at}"}`, '{"received_at":"mine"}'],
    });
  });

  it.each([
    ["application/json; charset=UTF-8"],
    ["application/cloudevents+json"],
    ["text/json"],
    [null],
    ["text/plain"],
    ["application/octet-stream"],
    // A JSON body sent as a form is still the JSON it is.
    ["application/x-www-form-urlencoded"],
  ])("reads a JSON body sent as %s", (type) => {
    expect(deliveryLines(post('{"id":"x"}', type))).toEqual({ ok: true, lines: ['{"id":"x"}'] });
  });

  it("drops a UTF-8 byte order mark before the JSON", () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":"x"}')]);
    expect(deliveryLines(post(body))).toEqual({ ok: true, lines: ['{"id":"x"}'] });
  });

  it.each([
    ['{"id":', "invalid-json"],
    ["[1, 2]", "not-an-object"],
    ['[{"id":"a"}, "b"]', "not-an-object"],
    ['"text"', "not-an-object"],
    ["null", "not-an-object"],
    ["   ", "empty"],
    ["", "empty"],
  ])("refuses %j with 400 %s", (body, code) => {
    expect(deliveryLines(post(body))).toMatchObject({ ok: false, status: 400, code });
  });

  it.each([
    ["+37120000101", "the body is not JSON"],
    ['{"subject":+37120000101}', "the body is not JSON"],
    ['{"subject":"+37120000101"', "the body is not JSON (it stops at character 25)"],
  ])("refuses %j without quoting it: the reason goes to the log", (body, reason) => {
    // V8's own message quotes the text it failed on: "Unexpected token '+', "+37120000101" is not valid JSON".
    expect(deliveryLines(post(body))).toEqual({ ok: false, status: 400, code: "invalid-json", reason });
  });

  it("refuses bytes that are not UTF-8 with 400", () => {
    const body = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
    expect(deliveryLines(post(body))).toMatchObject({ ok: false, status: 400, code: "not-utf8" });
  });

  it.each([
    ["application/xml", "unsupported-media-type"],
    ["multipart/form-data; boundary=x", "unsupported-media-type"],
    ["application/json; charset=iso-8859-1", "unsupported-charset"],
  ])("refuses Content-Type %s with 415", (type, code) => {
    expect(deliveryLines(post('{"id":"x"}', type))).toMatchObject({ ok: false, status: 415, code });
  });

  it("refuses a compressed body with 415", () => {
    const delivery = { ...post('{"id":"x"}'), contentEncoding: "gzip" };
    expect(deliveryLines(delivery)).toMatchObject({ ok: false, status: 415, code: "unsupported-encoding" });
  });
});

describe("deliveryLines: NDJSON batches", () => {
  // The shape of our own dumps: one event a line, CRLF or LF, blank lines between, no final line ending.
  const BATCH = '{"id":"a", "n": 1}\r\n\n  {"id":"b"}\n{"id":"c","big":12345678901234567890123}';
  const LINES = ['{"id":"a", "n": 1}', '{"id":"b"}', '{"id":"c","big":12345678901234567890123}'];

  it.each([
    ["application/x-ndjson"],
    ["application/x-ndjson; charset=utf-8"],
    ["application/ndjson"],
    ["application/jsonl"],
    // Untyped (or typed as nothing in particular): several JSON lines are a batch.
    [null],
    ["text/plain"],
    ["application/octet-stream"],
    // curl --data-binary @dump.ndjson says form: a body of JSON lines is still the batch it is.
    ["application/x-www-form-urlencoded"],
  ])("reads a batch sent as %s: one line per event, each as received", (type) => {
    expect(deliveryLines(post(BATCH, type))).toEqual({ ok: true, lines: LINES });
  });

  it("reads a one-line NDJSON body as one event, and adds received_at to each line", () => {
    const at = "2026-12-01T10:00:00.000Z";
    const delivery = {
      ...post('{"a":1}\n{}\n{"received_at":"mine"}\n', "application/x-ndjson"),
      receivedAt: at,
    };
    expect(deliveryLines(delivery)).toEqual({
      ok: true,
      lines: [`{"a":1,"received_at":"${at}"}`, `{"received_at":"${at}"}`, '{"received_at":"mine"}'],
    });
    expect(deliveryLines(post('{"a":1}', "application/x-ndjson"))).toEqual({ ok: true, lines: ['{"a":1}'] });
  });

  it.each([
    ["application/x-ndjson", '{"id":"a"}\n\n{"id":\n{"id":"c"}', "invalid-json", "line 3 is not JSON"],
    ["application/x-ndjson", '{"id":"a"}\n[{"id":"b"}]', "not-an-object", "line 2 is not a JSON object"],
    ["application/x-ndjson", '{\n"id":"a"\n}', "invalid-json", "line 1 is not JSON"],
    [null, '{"id":"a"}\n{"id":"b"}\nnull', "not-an-object", "line 3 is not a JSON object"],
    [null, '{"id":"a"}\n{"id":"b"', "invalid-json", "line 2 is not JSON"],
  ])("refuses the whole %s batch %j, naming the line", (type, body, code, reason) => {
    expect(deliveryLines(post(body, type))).toEqual({ ok: false, status: 400, code, reason });
  });

  it("keeps application/json strict: JSON lines are not one JSON text, and the reason says how to send them", () => {
    const outcome = deliveryLines(post('{"id":"a"}\n{"id":"b"}', "application/json"));
    expect(outcome).toMatchObject({ ok: false, status: 400, code: "invalid-json" });
    expect(outcome.ok ? "" : outcome.reason).toContain("application/x-ndjson");
  });

  it("still reads a pretty-printed object without a type as one event", () => {
    expect(deliveryLines(post('{\n  "id": "a"\n}\n', null))).toEqual({ ok: true, lines: ['{"id":"a"}'] });
  });
});

describe("deliveryLines: forms and query strings", () => {
  it("turns a form into one object of strings, keys in order, + and %XX decoded", () => {
    const body = "event=START&id=ev-1&subject=%2B37120000001&name=J%C4%81nis+B%C4%93rzi%C5%86%C5%A1&empty=";
    expect(deliveryLines(post(body, "application/x-www-form-urlencoded"))).toEqual({
      ok: true,
      lines: ['{"event":"START","id":"ev-1","subject":"+37120000001","name":"Jānis Bērziņš","empty":""}'],
    });
  });

  it("nests bracket keys, keeps data as a JSON string, and types participants, timestamp and is_answered", () => {
    const query =
      "event=COMPLETED&participants=2&timestamp=1772442900&is_answered=1&data%5Bcampaign_id%5D=320" +
      "&data[callback][leg]=1&extra=%7B%7D&hanged_value=007&other=12";
    expect(deliveryLines(get(query))).toEqual({
      ok: true,
      lines: [
        '{"event":"COMPLETED","participants":2,"timestamp":1772442900,"is_answered":1,' +
          '"data":{"campaign_id":"320","callback":{"leg":"1"}},"extra":"{}","hanged_value":"007","other":"12"}',
      ],
    });
  });

  it("leaves participants and timestamp that are not plain digits as strings", () => {
    expect(deliveryLines(get("participants=-1&timestamp=2026-03-04T08%3A02%3A10Z&is_answered=true"))).toEqual(
      {
        ok: true,
        lines: ['{"participants":"-1","timestamp":"2026-03-04T08:02:10Z","is_answered":"true"}'],
      },
    );
  });

  it("reads a POST with an empty body and a query string as the query's event", () => {
    const delivery = { ...post("", null), query: "event=RING&id=1" };
    expect(deliveryLines(delivery)).toEqual({ ok: true, lines: ['{"event":"RING","id":"1"}'] });
  });

  it("sniffs a form sent without a Content-Type", () => {
    expect(deliveryLines(post("event=READY", null))).toEqual({ ok: true, lines: ['{"event":"READY"}'] });
  });

  it("keeps __proto__ and constructor as plain keys", () => {
    expect(deliveryLines(get("__proto__=x&constructor=y"))).toEqual({
      ok: true,
      lines: ['{"__proto__":"x","constructor":"y"}'],
    });
  });

  it.each([
    ["", "empty"],
    ["event=START&event=RING", "duplicate-key"],
    ["data=%7B%7D&data[campaign_id]=1", "duplicate-key"],
    ["data[campaign_id]=1&data=x", "duplicate-key"],
    ["event=START&flag", "not-a-form"],
    ["name=%FF", "not-utf8"],
    ["%C3=x", "not-utf8"],
  ])("refuses the query %j with 400 %s", (query, code) => {
    expect(deliveryLines(get(query))).toMatchObject({ ok: false, status: 400, code });
  });

  it("refuses a form body whose raw bytes are not UTF-8", () => {
    const body = Buffer.from([0x61, 0x3d, 0xe9]);
    expect(deliveryLines(post(body, "application/x-www-form-urlencoded"))).toMatchObject({
      ok: false,
      status: 400,
      code: "not-utf8",
    });
  });
});

describe("takeParameter and parseForm", () => {
  it("takes every token pair out of the query and keeps the rest byte for byte", () => {
    expect(takeParameter("a=1&token=s%65cret&b=%2B&tok%65n=two&token", "token")).toEqual({
      rest: "a=1&b=%2B",
      values: ["secret", "two", ""],
    });
    expect(takeParameter("", "token")).toEqual({ rest: "", values: [] });
  });

  it("takes a token pair found between ;s too, keeping the rest of its &-pair, and a ; elsewhere as it is", () => {
    expect(takeParameter("a=1;token=T1&b=x;y&token=T2;c=3&d=4;tok%65n", "token")).toEqual({
      rest: "a=1&b=x;y&c=3&d=4",
      values: ["T1", "T2", ""],
    });
    expect(takeParameter("token=T;token=U", "token")).toEqual({ rest: "", values: ["T", "U"] });
  });

  it("leaves a malformed percent escape as it is", () => {
    expect(parseForm(Buffer.from("a=100%&b=%zz&c=%4"))).toEqual({
      ok: true,
      event: Object.assign(Object.create(null), { a: "100%", b: "%zz", c: "%4" }),
    });
  });
});
