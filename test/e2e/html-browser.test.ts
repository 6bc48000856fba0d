// The HTML report in a real browser: Debian's headless Chromium driven by puppeteer-core (no browser download).
// Each sample's report is opened from disk with JavaScript off, then on with every request blocked: no console
// error, no request, no CSP violation, the JSON report's headline numbers, drawn marks in every chart; the
// hostile sample (with HTML payloads appended) runs nothing. Screenshots go to test-results/html/; with
// UPDATE_SCREENSHOT=1 the mixed-day one also replaces samples/report-mixed-day.png (the README's picture).
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../../src/commands/analyze.js";
import { ROOT, runBin } from "../support/bin.js";

/** Debian's packages: chromium-headless-shell (installed by .ci/run when missing), else chromium. */
const CHROMIUM = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) => existsSync(path));
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
}

let browser: Browser;
let dir: string;
const reports = new Map<string, { html: string; json: AnalyzeReport }>();

beforeAll(async () => {
  if (CHROMIUM === undefined)
    throw new Error("no Chromium: apt-get install chromium-headless-shell (see .ci/run)");
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
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: "shell",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${join(dir, "profile")}`,
    ],
  });
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
      return {
        tiles,
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
