// The page's one stylesheet: light and dark schemes, a print layout for A4. Permitted by its hash in the CSP.

/** The CSS of the report page. */
export const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--muted:#5b6472;--line:#dfe3e8;--bar:#2f6db5;--ok:#2e8b57;--bad:#b3261e;--warn:#8a5a00}
@media (prefers-color-scheme:dark){:root{--bg:#14171c;--card:#1d2229;--ink:#e6e9ee;--muted:#a3acb9;--line:#343b45;--bar:#6fa3e6;--ok:#5cc48a;--bad:#ff8a80;--warn:#f0b44c}
.chart svg text{fill:#c9d0da}.chart svg path[stroke="#dbdee4"]{stroke:#39414c}.chart svg path[stroke="#54555a"]{stroke:#8a93a0}
.chart svg path[stroke="#6E7079"]{stroke:#8a93a0}.chart svg path[fill="#eef3fb"]{fill:#2a3340}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1240px;margin:0 auto;padding:20px 24px 40px}
header h1{margin:0 0 8px;font-size:24px}
dl.meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:4px 20px;margin:0 0 18px;color:var(--muted)}
dl.meta div{display:flex;gap:8px}dl.meta dt{font-weight:600;color:var(--ink);white-space:nowrap}dl.meta dd{margin:0;overflow-wrap:break-word}
ul.files{margin:0;padding:0;list-style:none}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:10px;margin-bottom:18px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.tile .label{font-size:12.5px;color:var(--muted);font-weight:600}
.tile .value{font-size:24px;white-space:nowrap;font-weight:700;font-variant-numeric:tabular-nums;margin:2px 0}
.tile .detail{font-size:12px;color:var(--muted)}
.tile .delta{font-size:12.5px;margin:0 0 2px;font-variant-numeric:tabular-nums}
.tile .change{font-weight:600}.tile .noise{color:var(--muted)}.tile .base{display:block;color:var(--muted)}
.tiles-note{margin:-10px 0 18px}
main>.panel{margin-bottom:18px}
table.gates code{font-size:.95em;overflow-wrap:anywhere}
table.gates .sub{display:block;font-size:.92em;color:var(--muted);font-weight:400}
table.gates tr.group th{padding-left:24px;font-weight:400}
td.result{white-space:nowrap;font-weight:600}td.result.pass{color:var(--ok)}td.result.fail{color:var(--bad)}
td.result.fail.warn{color:var(--warn)}td.result.skip{color:var(--muted);font-weight:400}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;min-width:0}
.panel.wide{grid-column:1/-1}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
.pair figure{display:flex;flex-direction:column}.pair .chart{margin-top:auto}
.panel h2{font-size:16px;margin:0 0 8px}
.note{color:var(--muted);font-size:12.5px;margin:4px 0 8px}
.ok{color:var(--ok);font-weight:600}.sum{font-weight:600}
figure{margin:0 0 12px;break-inside:avoid}
figcaption{font-weight:600;font-size:13px;margin-bottom:4px}
.chart svg{display:block;width:100%;height:auto}
details{margin-top:4px}summary{cursor:pointer;color:var(--muted);font-size:12.5px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:4px 0;caption-side:top}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;overflow-wrap:break-word}
thead th{font-size:12px;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line)}
tbody th{font-weight:500}
td.n{text-align:right;white-space:nowrap}th.n{text-align:right}
.barcell{display:inline-flex;align-items:center;gap:6px}
.barcell svg{flex:none}
svg.bar rect{fill:var(--bar)}
footer{margin-top:20px;color:var(--muted);font-size:12px}
@media print{@page{size:A4;margin:12mm}body{background:#fff;color:#000;font-size:11px}
main{max-width:none;padding:0}.grid{display:block}.panel{border:none;padding:0;margin-bottom:14px;break-inside:auto}
.tiles{grid-template-columns:repeat(3,1fr)}.tile{break-inside:avoid}
figure,table,tr,.tile{break-inside:avoid}details>summary{display:none}
h1,h2,h2+.note,figcaption,caption{break-inside:avoid;break-after:avoid}.chart svg{max-height:75mm}.scroll{overflow:visible}
table{font-size:9px}th,td{padding:2px 4px}svg.bar{width:40px}}
@media print{details::details-content{content-visibility:visible;display:block}}
`;
