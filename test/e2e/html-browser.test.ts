// The HTML report in a real browser: Debian's headless Chromium driven by puppeteer-core (no browser download).
// Each sample's report is opened from disk with JavaScript off, then on with every request blocked: no console
// error, no request, no CSP violation, the JSON report's headline numbers, drawn marks in every chart; the
// hostile sample (with HTML payloads appended) runs nothing; a run with gates and a baseline shows the gate rows
// and the tiles' changes of its JSON report. Screenshots go to test-results/html/; with
// UPDATE_SCREENSHOT=1 the mixed-day one also replaces samples/report-mixed-day.png (the README's picture).
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../../src/commands/analyze.js";
import { ROOT, runBin } from "../support/bin.js";
import { launchChromium } from "../support/browser.js";

const SHOTS = join(ROOT, "test-results", "html");
const SAMPLES = readdirSync(join(ROOT, "samples"))
  .filter((name) => name.endsWith(".ndjson"))
  .map((name) => name.slice(0, -".ndjson".length));

// HTML payloads in an operator (subject_user / hanged_user), a hanged_value and a phone subject, appended to a
// copy of the hostile sample as one more answered call; each would set window.__canary if it ever ran.
const PAYLOADS = [
  `<img src=x onerror="window.__canary='img'">`,
  `<script>window.__canary='script'</script>`,
  `"><svg onload="window.__canary='svg'">`,
];
const CALL = { accountcode: "10452", session_id: "s-html-1", call_id: "c-html-1", direction: "inbound" };
const LEG = { ...CALL, call_id: "c-html-1-101" };
const MORE = { type: "standard", phase: "didtosip" };
const PAYLOAD_LINES = [
  { event: "START", id: "h-1", timestamp: "2026-03-05T09:30:00Z", ...CALL, ...MORE, participants: 0 },
  { event: "RING", id: "h-2", timestamp: "2026-03-05T09:30:01Z", ...LEG, ...MORE, participants: 0 },
  {
    event: "RINGRESULT",
    id: "h-3",
    timestamp: "2026-03-05T09:30:04Z",
    ...LEG,
    ...MORE,
    participants: 0,
    state: "ANSWER",
  },
  {
    event: "JOIN",
    id: "h-4",
    timestamp: "2026-03-05T09:30:05Z",
    ...CALL,
    ...MORE,
    participants: 1,
    subject_type: "phone",
    subject: PAYLOADS[2],
  },
  {
    event: "JOIN",
    id: "h-5",
    timestamp: "2026-03-05T09:30:05Z",
    ...LEG,
    ...MORE,
    participants: 2,
    subject_type: "sip",
    subject: "101",
    subject_user: PAYLOADS[1],
  },
  {
    event: "COMPLETED",
    id: "h-6",
    timestamp: "2026-03-05T09:31:05Z",
    ...CALL,
    ...MORE,
    participants: 0,
    hanged_by: "sip",
    hanged_value: PAYLOADS[0],
    hanged_user: PAYLOADS[1],
    is_answered: true,
  },
];
// The copy's file name is a payload too (it is shown in the header and in every problem's place).
const HOSTILE_NAME = `hostile"><img src=x onerror="window.__canary='file'">.ndjson`;

interface Visit {
  consoleErrors: string[];
  requests: string[];
  violations: string[];
  tiles: Record<string, string>;
  charts: { caption: string; marks: number; width: number }[];
  handlers: string[];
  canary: unknown;
  text: string;
  /** The gates panel's rows, cell texts. */
  gateRows: string[][];
  /** Each tile's change from the baseline (its text), by data-kpi. */
  deltas: Record<string, string>;
}

let browser: Browser;
let dir: string;
const reports = new Map<string, { html: string; json: AnalyzeReport }>();
// A run with a selector gate, a baseline gate and a gate whose key is markup, against inbound-parallel's report.
const GATES = [
  "--fail-if",
  "acd{operator:*} > 3m",
  "--warn-if",
  "asr < baseline - 5pp",
  "--warn-if",
  `asr{operator:<img src=x onerror="window.__canary='gate'">} < 50%`,
];
let gated: { html: string; json: AnalyzeReport };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-html-"));
  mkdirSync(SHOTS, { recursive: true });
  const hostile = join(dir, HOSTILE_NAME);
  const extra = PAYLOAD_LINES.map((line) => JSON.stringify(line)).join("\n");
  await writeFile(
    hostile,
    Buffer.concat([readFileSync(join(ROOT, "samples/hostile.ndjson")), Buffer.from(`${extra}\n`)]),
  );
  for (const name of SAMPLES) {
    const input = name === "hostile" ? hostile : `samples/${name}.ndjson`;
    const html = join(dir, `${name}.html`);
    const made = await runBin(["analyze", input, "--format", "html", "-o", html]);
    expect(made.code, made.stderr).toBe(0);
    // The HTML report's default breakdowns, asked for explicitly: the same report object as JSON.
    const by = ["--by", "direction", "--by", "operator", "--by", "campaign"];
    const json = await runBin(["analyze", input, "--format", "json", ...by]);
    reports.set(name, { html, json: JSON.parse(json.stdout) as AnalyzeReport });
  }
  const baseline = join(dir, "inbound-parallel.json");
  const base = await runBin([
    "analyze",
    "samples/inbound-parallel.ndjson",
    "--format",
    "json",
    "-o",
    baseline,
  ]);
  expect(base.code, base.stderr).toBe(0);
  const checks = ["samples/mixed-day.ndjson", "--baseline", baseline, ...GATES];
  // Exit 1: the error-level gate fails; the page is written all the same.
  const gatedHtml = join(dir, "gates-baseline.html");
  const page = await runBin(["analyze", ...checks, "--format", "html", "-o", gatedHtml]);
  expect(page.code, page.stderr).toBe(1);
  const by = ["--by", "direction", "--by", "operator", "--by", "campaign"];
  const gatedJson = await runBin(["analyze", ...checks, "--format", "json", ...by]);
  expect(gatedJson.code, gatedJson.stderr).toBe(1);
  gated = { html: gatedHtml, json: JSON.parse(gatedJson.stdout) as AnalyzeReport };
  browser = await launchChromium(dir);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Opens a report from disk, every request but the page itself blocked; returns what the page did and shows. */
async function visit(file: string, javaScript: boolean, screenshot?: string): Promise<Visit> {
  const page = await browser.newPage();
  try {
    const seen: Visit = { consoleErrors: [], requests: [], violations: [] } as unknown as Visit;
    const url = pathToFileURL(file).href;
    page.on("console", (message) => {
      if (message.type() === "error") seen.consoleErrors.push(message.text());
      if (/Content Security Policy/i.test(message.text())) seen.violations.push(message.text());
    });
    page.on("pageerror", (error) => seen.consoleErrors.push(String(error)));
    await page.setViewport({ width: 1280, height: 900 });
    await page.setJavaScriptEnabled(javaScript);
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.isNavigationRequest() && request.url() === url) void request.continue();
      else {
        seen.requests.push(request.url());
        void request.abort();
      }
    });
    // Runs before the page (DevTools scripts are not subject to its CSP) and records every CSP violation.
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => {
        w.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
      });
    });
    await page.goto(url, { waitUntil: "load" });
    const state = await page.evaluate(() => {
      const tiles: Record<string, string> = {};
      for (const tile of document.querySelectorAll(".tile"))
        tiles[tile.getAttribute("data-kpi") ?? ""] = tile.querySelector(".value")?.textContent ?? "";
      const charts = [...document.querySelectorAll("figure")].map((figure) => {
        const svg = figure.querySelector("svg");
        const marks = [...(svg?.querySelectorAll("[data-mark]") ?? [])].filter((mark) => {
          const box = (mark as SVGGraphicsElement).getBBox();
          return box.width > 0 && box.height > 0;
        });
        return {
          caption: figure.querySelector("figcaption")?.textContent ?? "",
          marks: marks.length,
          width: svg?.getBoundingClientRect().width ?? 0,
        };
      });
      const handlers = [...document.querySelectorAll("*")].flatMap((el) =>
        el.getAttributeNames().filter((name) => name.toLowerCase().startsWith("on")),
      );
      const w = window as unknown as { __canary?: unknown; __violations?: string[] };
      const gateRows = [...document.querySelectorAll("table.gates tbody tr")].map((row) =>
        [...row.querySelectorAll("th, td")].map((cell) => cell.textContent ?? ""),
      );
      const deltas: Record<string, string> = {};
      for (const tile of document.querySelectorAll(".tile"))
        deltas[tile.getAttribute("data-kpi") ?? ""] = tile.querySelector(".delta")?.textContent ?? "";
      return {
        tiles,
        gateRows,
        deltas,
        charts,
        handlers,
        canary: w.__canary,
        violations: w.__violations ?? [],
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered (visible) text is what is checked.
        text: document.body.innerText,
      };
    });
    if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
    return { ...seen, ...state, violations: [...seen.violations, ...state.violations] };
  } finally {
    await page.close();
  }
}

/**
 * The page laid out as printed on A4 (print media; the 186 x 273 mm inside the page's 12 mm margins as CSS
 * columns, which Chromium breaks as it breaks pages), its content pushed down by 0, 3, ... 270 mm so that
 * page breaks fall everywhere: each heading (h1, h2, the note under an h2, figure and table captions) whose
 * next block starts on a later page than the heading ends, or that is itself cut, as "shift: heading".
 */
async function printOrphans(file: string): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width: 1280, height: 900 });
    await page.emulateMediaType("print");
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return await page.evaluate(() => {
      const main = document.querySelector("main") as HTMLElement;
      const spacer = document.createElement("div");
      main.prepend(spacer);
      // CSSOM, not a style attribute: the page's CSP allows it (and the test's DevTools script runs anyway).
      Object.assign(main.style, {
        width: "186mm",
        height: "273mm",
        columnWidth: "186mm",
        columnGap: "0px",
        columnFill: "auto",
      });
      const left = main.getBoundingClientRect().left;
      const width = main.getBoundingClientRect().width;
      const pageOf = (rect: DOMRect): number => Math.round((rect.left - left) / width);
      const boxes = (el: Element): DOMRect[] => [...el.getClientRects()].filter((r) => r.height > 1);
      const heads = [...main.querySelectorAll("h1, h2, h2 + .note, figcaption, caption")];
      const found: string[] = [];
      for (let mm = 0; mm <= 270; mm += 3) {
        spacer.style.height = `${mm}mm`;
        for (const head of heads) {
          const own = boxes(head);
          const next = head.nextElementSibling === null ? [] : boxes(head.nextElementSibling);
          const first = own[0];
          const last = own[own.length - 1];
          if (first === undefined || last === undefined || next[0] === undefined) continue;
          if (pageOf(first) !== pageOf(last) || pageOf(next[0]) > pageOf(last))
            found.push(`${mm} mm: ${head.tagName.toLowerCase()} ${head.textContent?.slice(0, 40)}`);
        }
      }
      return [...new Set(found)];
    });
  } finally {
    await page.close();
  }
}

/** A tile's value as a number ("51.4 %" -> 51.4, "8.0 s" -> 8, "1,234" -> 1234); null for "–". */
function tileNumber(text: string | undefined): number | null {
  if (text === undefined || text === "–") return null;
  return Number(text.replace(/,/g, "").replace(/ (%|s)$/, ""));
}

const round1 = (n: number | null, scale = 1) => (n === null ? null : Math.round(n * scale * 10) / 10);

describe.each(SAMPLES)("the HTML report of %s in Chromium", (name) => {
  it.each([false, true])(
    "with JavaScript %s: no request, error or CSP violation; the JSON's numbers; drawn charts",
    async (javaScript) => {
      const { html, json } = reports.get(name) as { html: string; json: AnalyzeReport };
      const shot = javaScript ? join(SHOTS, `${name}.png`) : undefined;
      const seen = await visit(html, javaScript, shot);
      expect(seen.requests).toEqual([]);
      expect(seen.consoleErrors).toEqual([]);
      expect(seen.violations).toEqual([]);
      const k = json.kpis;
      expect(
        Object.fromEntries(Object.entries(seen.tiles).map(([key, text]) => [key, tileNumber(text)])),
      ).toEqual({
        calls: k.calls,
        answered: k.answered,
        asr: round1(k.asr, 100),
        ner: round1(k.ner, 100),
        "service-level": round1(k.inbound.serviceLevel, 100),
        abandonment: round1(k.inbound.abandonRate, 100),
        acd: round1(k.talk.mean),
        "answer-median": round1(k.timeToAnswer.median),
        "answer-p90": round1(k.timeToAnswer.p90),
      });
      expect(seen.charts.length).toBeGreaterThan(0);
      for (const chart of seen.charts) {
        expect(chart.marks, chart.caption).toBeGreaterThan(0);
        expect(chart.width, chart.caption).toBeGreaterThan(300);
      }
      expect(seen.handlers).toEqual([]);
      expect(seen.canary).toBeUndefined();
      if (shot !== undefined && name === "mixed-day" && process.env.UPDATE_SCREENSHOT === "1")
        copyFileSync(shot, join(ROOT, "samples/report-mixed-day.png"));
    },
    60_000,
  );
});

describe("the hostile report in Chromium", () => {
  it("shows every payload as visible text and runs none of them", async () => {
    const { html } = reports.get("hostile") as { html: string };
    const seen = await visit(html, true);
    // The hanged_value, the operator (hanged_user, subject_user) and the file name are shown; a phone's subject
    // is not part of the report, so the third payload is only there in case it ever leaks in.
    for (const payload of [PAYLOADS[0], PAYLOADS[1], HOSTILE_NAME]) expect(seen.text).toContain(payload);
    expect(seen.canary).toBeUndefined();
    expect(seen.handlers).toEqual([]);
  }, 60_000);

  it("would notice a CSP violation (the listener is live): an inline style attribute is reported", async () => {
    const { html } = reports.get("mixed-day") as { html: string };
    const tampered = join(dir, "tampered.html");
    await writeFile(tampered, readFileSync(html, "utf8").replace("<main>", '<main style="color:red">'));
    const seen = await visit(tampered, true);
    expect(seen.violations.length).toBeGreaterThan(0);
  }, 60_000);
});

describe("the HTML report with gates and a baseline in Chromium", () => {
  const pct = (f: number) => `${(Math.round(f * 1000) / 10).toFixed(1)} %`;
  const sec = (s: number) => `${(Math.round(s * 10) / 10).toFixed(1)} s`;
  const signed = (n: number, digits: number, unit: string) =>
    `${n > 0 ? "+" : n < 0 ? "-" : "±"}${Math.abs(n).toFixed(digits)}${unit}`;

  it.each([false, true])(
    "with JavaScript %s: no request, error or CSP violation; the JSON's gate rows and changes",
    async (javaScript) => {
      const shot = javaScript ? join(SHOTS, "gates-baseline.png") : undefined;
      const seen = await visit(gated.html, javaScript, shot);
      expect(seen.requests).toEqual([]);
      expect(seen.consoleErrors).toEqual([]);
      expect(seen.violations).toEqual([]);
      expect(seen.handlers).toEqual([]);
      expect(seen.canary).toBeUndefined();
      const [acd, asr, hostile] = gated.json.gates ?? [];
      // mixed-day by hand (samples/README.md): operators 31001 (4 answered), 31003 and 31005 (2 each) talk
      // longer than 3 minutes on average; ASR 19/37 = 51.4 % against inbound-parallel's 3/4 = 75 %.
      expect(seen.gateRows).toEqual([
        ["✗ fail", `${acd?.expr}3 of 6 operator groups fail`, "error", "–", "180.0 s", "", String(acd?.n)],
        ...(acd?.groups ?? [])
          .filter((g) => g.status === "fail")
          .map((g) => [
            "✗ fail",
            `operator ${g.key}`,
            "",
            sec(g.value as number),
            "180.0 s",
            "",
            String(g.n),
          ]),
        // (none) is always shown, passing or not: 19 calls without an operator, 1 answered, 110 s of talk.
        ["✓ pass", "operator (none)", "", "110.0 s", "180.0 s", "", "1"],
        [
          "✗ fail",
          "asr < baseline - 5pp",
          "warn",
          pct(asr?.value as number),
          pct(asr?.threshold as number),
          pct(asr?.baseline as number),
          "37",
        ],
        [
          "skip (n=0)",
          `${hostile?.expr}0 of 1 operator groups fail, 1 skipped`,
          "warn",
          "–",
          "50.0 %",
          "",
          "0",
        ],
      ]);
      // Failing groups worst first: ACD 350.0, 332.5 and 301.0 s against 180 s.
      expect(seen.gateRows.slice(1, 4).map((row) => row[1])).toEqual([
        "operator 31003",
        "operator 31005",
        "operator 31001",
      ]);
      expect(seen.gateRows[5]?.slice(3, 6)).toEqual(["51.4 %", "70.0 %", "75.0 %"]);
      // Every tile's change, as its JSON delta says: the signed change, ~ within noise in words, the baseline.
      const delta = new Map((gated.json.delta ?? []).map((d) => [d.metric, d]));
      const metricOf: Record<string, string> = {
        calls: "calls",
        answered: "answered",
        asr: "asr",
        ner: "ner",
        "service-level": "service_level",
        abandonment: "abandon_rate",
        acd: "acd",
        "answer-median": "time_to_answer.median",
        "answer-p90": "time_to_answer.p90",
      };
      const expected = Object.fromEntries(
        Object.entries(metricOf).map(([key, metric]) => {
          const d = delta.get(metric);
          if (d === undefined || d.change === null || d.baseline === null) throw new Error(metric);
          const [change, base] =
            d.kind === "rate"
              ? [signed(Math.round(d.change * 1000) / 10, 1, " pp"), pct(d.baseline)]
              : d.kind === "duration"
                ? [signed(Math.round(d.change * 10) / 10, 1, " s"), sec(d.baseline)]
                : [signed(d.change, 0, ""), String(d.baseline)];
          return [key, `${change}${d.withinNoise ? " ~ within noise" : ""}baseline ${base}`];
        }),
      );
      expect(seen.deltas).toEqual(expected);
      // By hand: 37 calls against 4, 19 answered against 3; ASR 51.4 % against 75 %: -23.6 pp, within noise.
      expect(seen.deltas.calls).toBe("+33baseline 4");
      expect(seen.deltas.asr).toBe("-23.6 pp ~ within noisebaseline 75.0 %");
      expect(seen.text).toContain("Baseline");
      expect(seen.text).toContain(
        `inbound-parallel.json: events 2026-03-02 09:00:00 – 2026-03-02 09:09:13 (UTC); 4 calls; same settings`,
      );
      expect(seen.text).toContain(hostile?.expr);
    },
    60_000,
  );
});

describe("the HTML report printed on A4 in Chromium", () => {
  it("leaves no heading alone at the bottom of a page, wherever the page breaks fall", async () => {
    const { html } = reports.get("mixed-day") as { html: string };
    expect(await printOrphans(html)).toEqual([]);
    expect(await printOrphans(gated.html)).toEqual([]);
  }, 120_000);
});

describe("the HTML report's tables in Chromium", () => {
  it("aligns each header of a column of numbers with the numbers' right edge", async () => {
    const { html } = reports.get("mixed-day") as { html: string };
    const page = await browser.newPage();
    try {
      await page.setJavaScriptEnabled(false);
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
      const misaligned = await page.evaluate(() => {
        const right = (cell: Element): number => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          return range.getBoundingClientRect().right;
        };
        const found: string[] = [];
        let columns = 0;
        // The charts' numbers too: their <details> opened.
        for (const details of document.querySelectorAll("details")) details.open = true;
        for (const table of document.querySelectorAll("main table")) {
          const heads = [...table.querySelectorAll("thead th")];
          const rows = [...table.querySelectorAll("tbody tr")].map((tr) => [...tr.children]);
          heads.forEach((head, i) => {
            const cells = rows.map((row) => row[i]).filter((cell) => cell !== undefined);
            if (i === 0 || cells.length === 0 || !cells.every((cell) => cell.classList.contains("n"))) return;
            columns += 1;
            const edge = Math.max(...cells.map(right));
            if (Math.abs(right(head) - edge) > 1)
              found.push(`${head.textContent}: ${right(head)} vs ${edge}`);
          });
        }
        return { found, columns };
      });
      // Numeric columns: direction 9, operator 11, campaign 12, the top-values tables 2 each, problems by code
      // 1; the charts' tables: calls over time 5, ring results 3, who hung up 2, each histogram 1, waits 3. Load:
      // the peak concurrent calls column of calls over time 1, the load figures' value 1, the load per day 3.
      expect(misaligned).toEqual({ found: [], columns: 52 + 5 });
    } finally {
      await page.close();
    }
  }, 60_000);
});
