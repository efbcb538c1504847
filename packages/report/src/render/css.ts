/** The report's stylesheet, inlined into report.html. */
export const CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-alt: #f6f8fa; --accent: #0969da;
  --warn-bg: #fff8c5; --warn-line: #d4a72c; --info-bg: #ddf4ff; --info-line: #54aeff; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 64px; color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Liberation Sans", Arial, sans-serif; }
h1 { font-size: 1.9em; margin: 0 0 4px; }
h2 { font-size: 1.4em; margin: 40px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.12em; margin: 28px 0 8px; }
.subtitle { color: var(--muted); margin: 0 0 12px; }
nav ol { columns: 2; margin: 0; padding-left: 22px; color: var(--muted); }
nav a { color: var(--accent); text-decoration: none; }
code { font: 0.88em/1.3 ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace;
  background: var(--bg-alt); padding: 1px 4px; border-radius: 4px; }
.callout { margin: 14px 0; padding: 10px 14px; border-left: 4px solid var(--info-line);
  background: var(--info-bg); border-radius: 4px; }
.callout.warn { border-left-color: var(--warn-line); background: var(--warn-bg); }
.callout p { margin: 6px 0 0; }
.table-wrap { overflow-x: auto; margin: 12px 0 18px; }
table { border-collapse: collapse; font-size: 0.86em; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 6px; }
th, td { padding: 4px 9px; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
thead th { background: var(--bg-alt); border-bottom: 2px solid var(--line); }
th.group { text-align: center; border-left: 1px solid var(--line); }
tbody th { text-align: left; font-weight: 500; }
.num { text-align: right; }
tr.emph th, tr.emph td { font-weight: 700; background: var(--bg-alt); }
.sub { color: var(--muted); font-size: 0.85em; }
.note { color: var(--muted); font-size: 0.85em; margin: 4px 0 0; white-space: normal; }
.figures { display: flex; flex-wrap: wrap; gap: 12px 24px; }
figure { margin: 10px 0 18px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.85em; margin-top: 4px; max-width: 640px; }
@media print { body { max-width: none; padding: 0; } nav { display: none; } h2 { break-before: page; } }
`;
