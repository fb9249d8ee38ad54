// The HTML report's script: filters with counts, search, grouping (by Service Studio element unless chosen otherwise),
// sort, paging, URL state, export; it builds DOM nodes from text (help Markdown from a checked tree), never from HTML.

export const SCRIPT = String.raw`
(function(){
  'use strict';
  var D = JSON.parse(document.getElementById('ossast-data').textContent);
  var S = D.s, C = D.cols, N = C.lvl.length, PAGE = 100;
  var LV = ['error', 'warning', 'note', 'none'], CAT = ['open', 'suppressed', 'platform'];
  var CATNAME = ['To triage', 'Suppressed', 'Platform code (owned by OutSystems)'];
  var $ = function(id){ return document.getElementById(id); };
  var ui = {q: $('f-q'), level: $('f-level'), module: $('f-module'), rule: $('f-rule'), show: $('f-show'), fresh: $('f-new'), group: $('f-group'), sort: $('f-sort')};
  var list = $('findings'), count = $('count');
  var st = {q: '', level: '', module: '', rule: '', show: '', fresh: false, group: 'element', sort: 'severity', page: 0};
  var ruleS = new Int32Array(N), sIndex = new Map();
  for (var i = 0; i < N; i++) ruleS[i] = D.rules[C.rule[i]][0];
  S.forEach(function(v, k){ if (!sIndex.has(v)) sIndex.set(v, k); });
  var NEW = sIndex.has('new') ? sIndex.get('new') : -2;
  // Sort ranks of the strings used as keys, so comparing two findings compares numbers.
  var rank = new Int32Array(S.length);
  (function(){
    var used = new Set();
    for (var i = 0; i < N; i++) { used.add(C.mod[i]); used.add(C.path[i]); used.add(ruleS[i]); used.add(C.elem[i]); }
    used.delete(-1);
    Array.from(used).sort(function(a, b){ return S[a] < S[b] ? -1 : S[a] > S[b] ? 1 : 0; }).forEach(function(k, r){ rank[k] = r + 1; });
  })();
  var rk = function(k){ return k < 0 ? 0 : rank[k]; };
  function uniq(col){ var u = new Set(); for (var i = 0; i < N; i++) u.add(col[i]); u.delete(-1); return Array.from(u).sort(function(a, b){ return rank[a] - rank[b]; }); }
  var MODS = uniq(C.mod), RULES = uniq(ruleS);
  var text = function(k){ return k < 0 ? '' : S[k]; };
  var want = function(v){ return v === '' ? -1 : sIndex.has(v) ? sIndex.get(v) : -2; };
  function el(tag, cls, t){ var e = document.createElement(tag); if (cls) e.className = cls; if (t !== undefined) e.textContent = t; return e; }

  // State <-> URL hash (so a filtered view can be bookmarked and shared).
  function readHash(){
    var p = new URLSearchParams(location.hash.slice(1));
    st.q = p.get('q') || ''; st.level = p.get('level') || ''; st.module = p.get('module') || ''; st.rule = p.get('rule') || '';
    st.show = p.get('show') || ''; st.fresh = p.get('new') === '1'; st.group = p.get('group') || 'element'; st.sort = p.get('sort') || 'severity';
    st.page = Math.max(0, (parseInt(p.get('page') || '1', 10) || 1) - 1);
  }
  function writeHash(){
    var p = new URLSearchParams();
    ['q', 'level', 'module', 'rule', 'show'].forEach(function(k){ if (st[k]) p.set(k, st[k]); });
    if (st.group !== 'element') p.set('group', st.group);
    if (st.fresh) p.set('new', '1');
    if (st.sort !== 'severity') p.set('sort', st.sort);
    if (st.page) p.set('page', String(st.page + 1));
    var h = p.toString();
    if (location.hash.slice(1) !== h) history.replaceState(null, '', h ? '#' + h : location.pathname + location.search);
  }
  function fromUi(){
    st.q = ui.q.value; st.level = ui.level.value; st.module = ui.module.value; st.rule = ui.rule.value; st.show = ui.show.value;
    st.fresh = ui.fresh.checked; st.group = ui.group.value; st.sort = ui.sort.value; st.page = 0;
  }

  // Filtering, with the count each option would give beside it (the other filters applied).
  var shown = new Int32Array(0);
  function compute(){
    var q = st.q.trim().toLowerCase(), hit = null;
    if (q) { hit = new Uint8Array(S.length); for (var k = 0; k < S.length; k++) if (S[k].toLowerCase().indexOf(q) >= 0) hit[k] = 1; }
    var pick = function(names, v){ return v === '' ? -1 : names.indexOf(v) >= 0 ? names.indexOf(v) : -2; };
    var lv = pick(LV, st.level), md = want(st.module), rl = want(st.rule), ct = pick(CAT, st.show);
    var cLv = [0, 0, 0, 0], cCat = [0, 0, 0], cNew = 0, cMod = new Map(), cRule = new Map(), out = new Int32Array(N), n = 0;
    var h = function(k){ return k >= 0 && hit[k] === 1; };
    var cweHit = hit ? D.rules.map(function(r){ return r.slice(3).some(h); }) : null;
    for (var i = 0; i < N; i++) {
      if (hit && !(h(C.msg[i]) || h(C.path[i]) || h(ruleS[i]) || h(C.snip[i]) || h(C.mod[i]) || h(C.tool[i]) || h(C.elem[i]) || cweHit[C.rule[i]])) continue;
      var a = lv === -1 || C.lvl[i] === lv, b = md === -1 || C.mod[i] === md, c = rl === -1 || ruleS[i] === rl, d = ct === -1 || C.cat[i] === ct, e = !st.fresh || C.base[i] === NEW;
      if (b && c && d && e) cLv[C.lvl[i]]++;
      if (a && c && d && e) cMod.set(C.mod[i], (cMod.get(C.mod[i]) || 0) + 1);
      if (a && b && d && e) cRule.set(ruleS[i], (cRule.get(ruleS[i]) || 0) + 1);
      if (a && b && c && e) cCat[C.cat[i]]++;
      if (a && b && c && d && C.base[i] === NEW) cNew++;
      if (a && b && c && d && e) out[n++] = i;
    }
    shown = out.slice(0, n);
    options(ui.level, 'all levels', LV.map(function(v, k){ return [v, v, cLv[k]]; }), st.level);
    options(ui.module, 'all modules', MODS.map(function(k){ return [S[k], S[k], cMod.get(k) || 0]; }), st.module);
    options(ui.rule, 'all rules', RULES.map(function(k){ return [S[k], S[k], cRule.get(k) || 0]; }), st.rule);
    options(ui.show, 'everything', CAT.map(function(v, k){ return [v, CATNAME[k], cCat[k]]; }), st.show);
    $('l-new').textContent = 'New only (' + cNew + ')';
  }
  function options(sel, all, items, value){
    sel.textContent = '';
    var o = el('option', '', all); o.value = ''; sel.appendChild(o);
    items.forEach(function(it){ var o = el('option', '', it[1] + ' (' + it[2] + ')'); o.value = it[0]; sel.appendChild(o); });
    if (value && !items.some(function(it){ return it[0] === value; })) { o = el('option', '', value + ' (0)'); o.value = value; sel.appendChild(o); }
    sel.value = value;
  }

  // Order: category (to triage, suppressed, platform), then the group, then the chosen sort. By element: findings of
  // a known element first, the others grouped by their file.
  var grouped = function(){ return st.group !== 'none'; };
  function groupKey(i){ return st.group === 'rule' ? ruleS[i] : st.group === 'file' ? C.path[i] : st.group === 'module' ? C.mod[i] : st.group === 'element' ? (C.elem[i] >= 0 ? C.elem[i] : C.path[i]) : -1; }
  function groupLabel(i){
    if (st.group === 'element') return C.elem[i] >= 0 ? 'Fix in Service Studio: ' + S[C.elem[i]] : 'Unknown element, file ' + text(C.path[i]);
    return (st.group === 'file' ? 'File ' : st.group === 'rule' ? 'Rule ' : 'Module ') + text(groupKey(i));
  }
  function order(){
    var by = st.sort, g = grouped(), gk = g ? new Int32Array(N) : null;
    // Each shown finding's group rank, computed once per sort (unknown elements after every known one).
    if (g) for (var j = 0; j < shown.length; j++) { var i = shown[j]; gk[i] = rk(groupKey(i)) + (st.group === 'element' && C.elem[i] < 0 ? S.length + 1 : 0); }
    var cmp = function(a, b){
      var d = C.cat[a] - C.cat[b]; if (d) return d;
      if (g) { d = gk[a] - gk[b]; if (d) return d; }
      if (by === 'severity') { d = C.lvl[a] - C.lvl[b]; if (d) return d; }
      if (by === 'rule') { d = rk(ruleS[a]) - rk(ruleS[b]); if (d) return d; }
      if (by === 'module') { d = rk(C.mod[a]) - rk(C.mod[b]); if (d) return d; }
      return rk(C.path[a]) - rk(C.path[b]) || C.line[a] - C.line[b] || rk(ruleS[a]) - rk(ruleS[b]) || a - b;
    };
    shown.sort(cmp);
  }
  function groupSizes(){
    var m = new Map();
    for (var j = 0; j < shown.length; j++) { var k = C.cat[shown[j]] + ':' + groupKey(shown[j]); m.set(k, (m.get(k) || 0) + 1); }
    return m;
  }

  // One finding: summary row; details (code with line numbers, CWE and help links, suppression) built when opened.
  function codeBlock(i){
    var ctx = C.ctx[i] >= 0, body = text(ctx ? C.ctx[i] : C.snip[i]), first = ctx ? C.ctxLine[i] : C.line[i];
    if (!body) return null;
    var pre = el('pre', 'code'), lines = body.replace(/\r?\n$/, '').split(/\r?\n/);
    lines.forEach(function(t, k){
      var n = first + k, row = el('div', n >= C.line[i] && n <= Math.max(C.line[i], C.end[i]) ? 'ln hot' : 'ln');
      row.appendChild(el('span', 'no', first ? String(n) : ''));
      row.appendChild(el('span', 'src', t));
      pre.appendChild(row);
    });
    return pre;
  }
  function link(href, t){ var a = el('a', '', t); a.href = href; a.rel = 'noopener noreferrer'; a.target = '_blank'; return a; }
  function details(d, i){
    var r = D.rules[C.rule[i]];
    if (C.elem[i] >= 0) d.appendChild(el('div', 'el', 'Fix in Service Studio: ' + S[C.elem[i]]));
    d.appendChild(el('div', 'muted', 'Module ' + text(C.mod[i]) + ' \u00b7 tool ' + text(C.tool[i]) + ' \u00b7 ' + text(C.path[i]) + ':' + C.line[i]));
    var code = codeBlock(i);
    if (code) { d.appendChild(code); if (C.ctx[i] < 0) d.appendChild(el('div', 'muted small', 'The flagged lines only (the log holds no surrounding lines).')); }
    var refs = el('div', 'refs');
    r.slice(3).forEach(function(k){ var m = /^CWE-(\d+)/.exec(S[k]); if (m) { refs.appendChild(link('https://cwe.mitre.org/data/definitions/' + m[1] + '.html', S[k])); refs.appendChild(document.createTextNode(' ')); } });
    var uri = text(r[2]);
    if (/^https?:\/\/[^\s]+$/i.test(uri)) refs.appendChild(link(uri, 'Rule help: ' + text(r[0])));
    else if (uri) refs.appendChild(el('span', 'muted', 'Rule help URI (not a web address, not linked): ' + uri));
    if (refs.childNodes.length) d.appendChild(refs);
    if (C.supp[i] >= 0) {
      var s = D.supps[C.supp[i]].map(text), p = el('div', 'supp');
      p.appendChild(el('div', '', 'Suppressed (' + s[0] + (s[5] ? ', entry ' + s[5] : '') + '): ' + s[1]));
      p.appendChild(el('div', 'muted', 'Owner: ' + (s[2] || '\u2014') + ' \u00b7 expires: ' + (s[3] || 'never') + (s[4] ? ' \u00b7 ticket: ' + s[4] : '')));
      d.appendChild(p);
    }
    var md = D.md[C.rule[i]];
    if (Array.isArray(md)) { d.appendChild(el('div', 'muted', 'Rule help')); d.appendChild(mdBlocks(md)); }
    else if (r[1] >= 0) { d.appendChild(el('div', 'muted', 'Rule help')); d.appendChild(el('pre', 'help', S[r[1]])); }
  }
  // Help Markdown: a tree of known node types turned into elements and text nodes; a link only to http(s).
  function mdInline(parent, items){
    if (!Array.isArray(items)) { parent.appendChild(document.createTextNode(String(items))); return; }
    items.forEach(function(n){
      if (typeof n === 'string') parent.appendChild(document.createTextNode(n));
      else if (n.t === 'code') parent.appendChild(el('code', '', String(n.c)));
      else if (n.t === 'a' && /^https?:\/\//i.test(n.href)) { var a = link(n.href); mdInline(a, n.c); parent.appendChild(a); }
      else if (n.t === 'em' || n.t === 'strong') { var e = el(n.t); mdInline(e, n.c); parent.appendChild(e); }
      else mdInline(parent, n.c);
    });
  }
  function mdBlocks(blocks){
    var box = el('div', 'help');
    blocks.forEach(function(b){
      if (b.t === 'pre') box.appendChild(el('pre', '', String(b.c)));
      else if ((b.t === 'ul' || b.t === 'ol') && Array.isArray(b.c)) { var l = el(b.t); b.c.forEach(function(it){ var li = el('li'); mdInline(li, it); l.appendChild(li); }); box.appendChild(l); }
      else { var p = el('p'); mdInline(p, b.c); box.appendChild(p); }
    });
    return box;
  }
  function row(i){
    var d = el('details', 'f'), s = el('summary'), lvl = LV[C.lvl[i]], msg = text(C.msg[i]);
    s.appendChild(el('span', 'lvl ' + lvl, lvl));
    s.appendChild(el('code', 'rule', text(ruleS[i])));
    if (C.elem[i] >= 0 && st.group !== 'element') s.appendChild(el('span', 'el', S[C.elem[i]]));
    s.appendChild(el('span', 'loc', text(C.path[i]) + ':' + C.line[i]));
    s.appendChild(el('span', 'msg', msg.length > 300 ? msg.slice(0, 300) + '\u2026' : msg));
    if (C.cat[i] === 1) s.appendChild(el('span', 'tag', 'suppressed'));
    if (C.cat[i] === 2) s.appendChild(el('span', 'tag', C.supp[i] >= 0 ? 'platform, suppressed' : 'platform'));
    if (C.base[i] >= 0) s.appendChild(el('span', 'tag', S[C.base[i]]));
    D.rules[C.rule[i]].slice(3).forEach(function(k){ s.appendChild(el('span', 'tag', S[k].replace(/:.*/, ''))); });
    d.appendChild(s);
    // Built on the click (before the element opens, so it never shows empty) or, failing that, when it opens.
    var fill = function(){ if (d.childNodes.length === 1) details(d, i); };
    s.addEventListener('click', fill);
    d.addEventListener('toggle', function(){ if (d.open) fill(); });
    return d;
  }
  function pager(box, pages){
    box.textContent = '';
    if (pages < 2) return;
    var prev = el('button', 'prev', '\u2190 Previous'), next = el('button', 'next', 'Next \u2192');
    prev.type = next.type = 'button'; prev.disabled = st.page === 0; next.disabled = st.page >= pages - 1;
    prev.onclick = function(){ go(st.page - 1); }; next.onclick = function(){ go(st.page + 1); };
    box.appendChild(prev); box.appendChild(el('span', 'pageno', ' Page ' + (st.page + 1) + ' of ' + pages + ' ')); box.appendChild(next);
  }
  function go(p){ st.page = p; writeHash(); draw(); window.scrollTo(0, list.offsetTop - 60); }
  function draw(){
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (st.page >= pages) st.page = pages - 1;
    var from = st.page * PAGE, to = Math.min(shown.length, from + PAGE), sizes = groupSizes(), cats = [0, 0, 0];
    for (var j = 0; j < shown.length; j++) cats[C.cat[shown[j]]]++;
    var frag = document.createDocumentFragment();
    for (j = from; j < to; j++) {
      var i = shown[j], p = j > 0 ? shown[j - 1] : -1, cont = j === from && p >= 0;
      var newCat = j === from || C.cat[i] !== C.cat[p], sameCat = p >= 0 && C.cat[i] === C.cat[p];
      if (newCat) frag.appendChild(el('h2', 'cat', CATNAME[C.cat[i]] + ' \u2014 ' + cats[C.cat[i]] + ' finding(s)' + (cont && sameCat ? ' (continued)' : '')));
      if (grouped() && (newCat || groupKey(i) !== groupKey(p))) {
        var g = C.cat[i] + ':' + groupKey(i);
        frag.appendChild(el('h3', 'group', groupLabel(i) + ' \u2014 ' + sizes.get(g) + ' finding(s)' + (cont && sameCat && groupKey(i) === groupKey(p) ? ' (continued)' : '')));
      }
      frag.appendChild(row(i));
    }
    list.textContent = '';
    list.appendChild(frag);
    count.textContent = shown.length + ' of ' + N + ' finding(s)' + (shown.length > PAGE ? '; ' + (from + 1) + '\u2013' + to + ' shown' : '')
      + (D.omitted ? '; ' + D.omitted + ' more are not in this page (see the note above)' : '');
    pager($('pager-top'), pages); pager($('pager-bottom'), pages);
  }
  function sync(){
    ui.q.value = st.q; ui.fresh.checked = st.fresh; ui.group.value = st.group; ui.sort.value = st.sort;
    if (ui.sort.value !== st.sort) { st.sort = 'severity'; ui.sort.value = 'severity'; }
    if (ui.group.value !== st.group) { st.group = 'element'; ui.group.value = 'element'; }
  }
  function update(){ compute(); order(); draw(); }

  // Export of the filtered set (all pages), built in the page and saved through a Blob: no network.
  function record(i){
    var r = D.rules[C.rule[i]], s = C.supp[i] >= 0 ? D.supps[C.supp[i]].map(text) : null;
    return {level: LV[C.lvl[i]], state: CAT[C.cat[i]], rule: text(ruleS[i]), module: text(C.mod[i]), element: text(C.elem[i]), path: text(C.path[i]), line: C.line[i],
      message: text(C.msg[i]), cwe: r.slice(3).map(text).join('; '), tool: text(C.tool[i]), baseline: text(C.base[i]),
      justification: s ? s[1] : '', owner: s ? s[2] : '', expires: s ? s[3] : ''};
  }
  function cell(v){ var t = String(v); if (/^[=+\-@\t\r]/.test(t)) t = "'" + t; return '"' + t.replace(/"/g, '""') + '"'; }
  function save(name, type, parts){
    var a = el('a'); a.href = URL.createObjectURL(new Blob(parts, {type: type})); a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function(){ URL.revokeObjectURL(a.href); }, 60000);
  }
  $('x-csv').addEventListener('click', function(){
    var keys = ['level', 'state', 'rule', 'module', 'element', 'path', 'line', 'message', 'cwe', 'tool', 'baseline', 'justification', 'owner', 'expires'];
    var parts = [keys.join(',') + '\r\n'];
    for (var j = 0; j < shown.length; j++) { var r = record(shown[j]); parts.push(keys.map(function(k){ return cell(r[k]); }).join(',') + '\r\n'); }
    save('ossast-findings.csv', 'text/csv', parts);
  });
  $('x-json').addEventListener('click', function(){
    var parts = ['['];
    for (var j = 0; j < shown.length; j++) parts.push((j ? ',\n' : '\n') + JSON.stringify(record(shown[j])));
    parts.push('\n]\n');
    save('ossast-findings.json', 'application/json', parts);
  });

  var timer = 0;
  ui.q.addEventListener('input', function(){ clearTimeout(timer); timer = setTimeout(function(){ fromUi(); writeHash(); update(); }, 150); });
  ['level', 'module', 'rule', 'show', 'fresh', 'group', 'sort'].forEach(function(k){ ui[k].addEventListener('change', function(){ fromUi(); writeHash(); update(); }); });
  window.addEventListener('hashchange', function(){ readHash(); sync(); update(); });
  readHash(); sync(); update();
  document.documentElement.dataset.ready = '1';
})();
`;
