// The HTML report's styles (the script that renders and filters findings is in html-script.ts).

export const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}
.verdict{font-weight:600}.ok{color:#1a7f37}.bad{color:#cf222e}.warn{color:#9a6700}
main{padding:16px 24px}
.filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:10px;margin:0 -24px 8px;padding:8px 24px;align-items:end;background:#f6f8fa;border-bottom:1px solid #d0d7de}
label{display:flex;flex-direction:column;font-size:12px;color:#57606a}select,input[type=search],button{font-size:14px;padding:3px}select{max-width:260px}
table.sum{border-collapse:collapse;margin:8px 0 16px;background:#fff}table.sum td,table.sum th{border:1px solid #d0d7de;padding:4px 10px;text-align:right}
table.sum td:first-child,table.sum th:first-child{text-align:left}
h2.cat{font-size:16px;margin:16px 0 4px;border-bottom:2px solid #d0d7de}h3.group{font-size:14px;margin:10px 0 2px;color:#24292f;overflow-wrap:anywhere}
details{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:4px 0;padding:4px 10px}
summary{cursor:pointer;overflow-wrap:anywhere;unicode-bidi:plaintext}.rule{margin-right:6px}.loc{color:#0550ae;margin-right:6px}.msg{color:#1b1f24}
.lvl{display:inline-block;min-width:58px;font-size:12px;font-weight:600;padding:1px 6px;border-radius:10px;text-align:center;margin-right:6px}
.error{background:#ffebe9;color:#cf222e}.warning{background:#fff8c5;color:#9a6700}.note{background:#ddf4ff;color:#0969da}.none{background:#eee}
.tag{font-size:11px;border:1px solid #d0d7de;border-radius:10px;padding:0 6px;margin-left:6px;color:#57606a}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;overflow:auto;white-space:pre-wrap}
pre.code{padding:4px 0;white-space:pre}.ln{display:flex}.ln .no{flex:0 0 4.5em;text-align:right;padding-right:10px;color:#8c959f;user-select:none}.ln .src{white-space:pre-wrap}
.ln.hot{background:#fff8c5}.refs a{margin-right:10px}.small{font-size:12px}
.supp{border-left:4px solid #8250df;padding:4px 10px;background:#fbefff}.muted{color:#57606a}#count{margin:8px 0;color:#57606a}
.pager{margin:8px 0}.pager button{margin:0 4px}
`;
