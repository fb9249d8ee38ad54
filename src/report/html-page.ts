// The HTML report's static part: styles and the script that renders and filters findings (data comes as JSON).

export const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}
.verdict{font-weight:600}.ok{color:#1a7f37}.bad{color:#cf222e}.warn{color:#9a6700}
main{padding:16px 24px}.filters{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:12px;align-items:end}
label{display:flex;flex-direction:column;font-size:12px;color:#57606a}select{font-size:14px;padding:3px}
table.sum{border-collapse:collapse;margin:8px 0 16px;background:#fff}table.sum td,table.sum th{border:1px solid #d0d7de;padding:4px 10px;text-align:right}
table.sum td:first-child,table.sum th:first-child{text-align:left}
details{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer}.lvl{display:inline-block;min-width:58px;font-size:12px;font-weight:600;padding:1px 6px;border-radius:10px;text-align:center;margin-right:6px}
.error{background:#ffebe9;color:#cf222e}.warning{background:#fff8c5;color:#9a6700}.note{background:#ddf4ff;color:#0969da}.none{background:#eee}
.tag{font-size:11px;border:1px solid #d0d7de;border-radius:10px;padding:0 6px;margin-left:6px;color:#57606a}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;overflow:auto;white-space:pre-wrap}
.supp{border-left:4px solid #8250df;padding:4px 10px;background:#fbefff}.muted{color:#57606a}#count{margin:8px 0;color:#57606a}
`;

/** Renders rows with textContent only: nothing from the log is ever parsed as HTML. */
export const SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('ossast-data').textContent);
  var list = document.getElementById('findings'), count = document.getElementById('count');
  var f = {module: document.getElementById('f-module'), rule: document.getElementById('f-rule'), level: document.getElementById('f-level'), supp: document.getElementById('f-supp'), fresh: document.getElementById('f-new')};
  function fill(sel, values){ values.forEach(function(v){ var o=document.createElement('option'); o.value=v; o.textContent=v; sel.appendChild(o); }); }
  function uniq(k){ var s={}; data.findings.forEach(function(x){ s[x[k]]=1; }); return Object.keys(s).sort(); }
  fill(f.module, uniq('module')); fill(f.rule, uniq('ruleId'));
  function el(tag, cls, text){ var e=document.createElement(tag); if(cls) e.className=cls; if(text!==undefined) e.textContent=text; return e; }
  function row(x){
    var d = el('details'); d.dataset.level = x.level;
    var s = el('summary');
    s.appendChild(el('span', 'lvl ' + x.level, x.level));
    s.appendChild(el('code', '', x.ruleId));
    s.appendChild(document.createTextNode(' ' + x.path + ':' + x.line + ' \\u2014 ' + x.message));
    if (x.suppressed) s.appendChild(el('span', 'tag', 'suppressed'));
    if (x.baseline) s.appendChild(el('span', 'tag', x.baseline));
    x.cwe.forEach(function(c){ s.appendChild(el('span', 'tag', c)); });
    d.appendChild(s);
    d.appendChild(el('div', 'muted', 'Module ' + x.module + ' \\u00b7 tool ' + x.tool));
    if (x.snippet) d.appendChild(el('pre', 'snippet', x.snippet));
    if (x.suppression) {
      var p = el('div', 'supp');
      p.appendChild(el('div', '', 'Suppressed (' + x.suppression.kind + (x.suppression.entry ? ', entry ' + x.suppression.entry : '') + '): ' + x.suppression.justification));
      p.appendChild(el('div', 'muted', 'Owner: ' + (x.suppression.owner || '\\u2014') + ' \\u00b7 expires: ' + (x.suppression.expires || 'never') + (x.suppression.ticket ? ' \\u00b7 ticket: ' + x.suppression.ticket : '')));
      d.appendChild(p);
    }
    if (x.help) { d.appendChild(el('div', 'muted', 'Rule help')); d.appendChild(el('pre', 'help', x.help)); }
    return d;
  }
  var LIMIT = 1000;
  function render(){
    var shown = data.findings.filter(function(x){
      return (!f.module.value || x.module === f.module.value) && (!f.rule.value || x.ruleId === f.rule.value) && (!f.level.value || x.level === f.level.value)
        && (f.supp.value === 'all' || (f.supp.value === 'only') === x.suppressed) && (!f.fresh.checked || x.baseline === 'new');
    });
    list.textContent = '';
    shown.slice(0, LIMIT).forEach(function(x){ list.appendChild(row(x)); });
    count.textContent = shown.length + ' of ' + data.findings.length + ' finding(s)' + (shown.length > LIMIT ? ' (first ' + LIMIT + ' shown: narrow the filters)' : '')
      + (data.omitted ? '; ' + data.omitted + ' more are not in this page (see the note above)' : '');
  }
  Object.keys(f).forEach(function(k){ f[k].addEventListener('change', render); });
  render();
})();
`;
