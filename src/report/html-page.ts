// The HTML report's styles (the script that renders and filters findings is in html-script.ts). The page must fit its
// width: long names wrap, wide tables scroll inside their own box.

export const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px;overflow-wrap:anywhere}header h1{margin:0 0 4px;font-size:20px}
.verdict{font-weight:600}.ok{color:#1a7f37}.bad{color:#cf222e}.warn{color:#9a6700}
main{padding:16px 24px}section{margin:0 0 20px}h2{font-size:18px;margin:16px 0 8px}p{overflow-wrap:anywhere}
.wide{max-width:100%;overflow-x:auto}table.sum td{overflow-wrap:anywhere}table.sum .l{text-align:left}
.headline{font-size:15px}.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,300px),1fr));gap:12px}
.chart{margin:0;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 10px;min-width:0}.chart figcaption{font-weight:600;margin-bottom:4px}
.chart svg{display:block;max-width:100%;height:auto}.chart text{font-size:12px;fill:#1b1f24}.chart text.v{fill:#57606a}
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
pre.code{padding:4px 0;white-space:pre}.ln{display:flex}.ln .no{flex:0 0 4.5em;text-align:right;padding-right:10px;color:#8c959f;user-select:none}.ln .src{white-space:pre-wrap;overflow-wrap:anywhere;min-width:0}
.help{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:2px 10px;overflow-wrap:anywhere}.help p,.help ul,.help ol{margin:6px 0}
.help code{background:#eff1f3;padding:0 3px;border-radius:3px}.help pre{margin:6px 0}.el{font-size:12px;color:#6639ba;margin-right:6px}
.ln.hot{background:#fff8c5}.refs a{margin-right:10px}.small{font-size:12px}
.supp{border-left:4px solid #8250df;padding:4px 10px;background:#fbefff}.muted{color:#57606a}#count{margin:8px 0;color:#57606a}
.pager{margin:8px 0}.pager button{margin:0 4px}
`;
