(function () {
  'use strict';
  // Filters, search and sort over rows the server rendered; every pass is one loop over them.
  var controls = document.getElementById('controls');
  if (!controls) { return; }
  controls.hidden = false;
  function items(els) {
    return Array.prototype.map.call(els, function (el, i) { return { el: el, d: el.dataset, i: i, text: null }; });
  }
  // The findings come in several tables (see the style sheet); rows move between them when sorted.
  var bodies = Array.prototype.slice.call(document.querySelectorAll('#findings tbody'));
  var list = document.getElementById('credentials');
  var rows = items(document.querySelectorAll('#findings tbody tr'));
  var cards = list ? items(list.querySelectorAll('article.credential')) : [];
  var pick = {};
  ['repo', 'kind', 'sev', 'status'].forEach(function (k) { pick[k] = document.getElementById('f-' + k); });
  var q = document.getElementById('q');
  var sort = document.getElementById('sort');
  var count = document.getElementById('count');

  function value(el) { return el ? el.value : ''; }
  function keep(it, repos, f) {
    var d = it.d;
    if (f.repo && repos.indexOf(f.repo) < 0) { return false; }
    if (f.kind && d.kind !== f.kind) { return false; }
    if (f.sev && d.sev !== f.sev) { return false; }
    if (f.status && (d.status || 'not-verified') !== f.status) { return false; }
    if (f.text) {
      if (it.text === null) { it.text = it.el.textContent.toLowerCase(); }
      if (it.text.indexOf(f.text) < 0) { return false; }
    }
    return true;
  }
  function apply() {
    var f = { repo: value(pick.repo), kind: value(pick.kind), sev: value(pick.sev), status: value(pick.status),
      text: q.value.trim().toLowerCase() };
    var nr = 0, nc = 0, i, it, ok;
    for (i = 0; i < rows.length; i++) {
      it = rows[i];
      ok = keep(it, [it.d.repo], f);
      if (it.el.hidden === ok) { it.el.hidden = !ok; }
      if (ok) { nr++; }
    }
    for (i = 0; i < cards.length; i++) {
      it = cards[i];
      ok = keep(it, (it.d.repos || '').split('\n'), f);
      if (it.el.hidden === ok) { it.el.hidden = !ok; }
      if (ok) { nc++; }
    }
    count.textContent = nc + ' of ' + cards.length + ' credentials, ' + nr + ' of ' + rows.length + ' findings';
  }
  function num(s) { return s ? Number(s) : 0; }
  var orders = {
    severity: function (a, b) {
      return num(a.d.rank) - num(b.d.rank) || num(a.d.date) - num(b.d.date) || a.i - b.i;
    },
    oldest: function (a, b) { return num(a.d.date) - num(b.d.date) || a.i - b.i; },
    newest: function (a, b) { return num(b.d.date) - num(a.d.date) || a.i - b.i; }
  };
  function reorder(arr, parents) {
    arr.sort(orders[sort.value] || orders.severity);
    var per = Math.ceil(arr.length / parents.length), i = 0;
    parents.forEach(function (parent) {
      var frag = document.createDocumentFragment();
      for (var end = Math.min(arr.length, i + per); i < end; i++) { frag.appendChild(arr[i].el); }
      parent.appendChild(frag);
    });
  }
  function resort() {
    if (bodies.length) { reorder(rows, bodies); }
    if (list) { reorder(cards, [list]); }
  }
  Object.keys(pick).forEach(function (k) { if (pick[k]) { pick[k].addEventListener('change', apply); } });
  q.addEventListener('input', apply);
  sort.addEventListener('change', resort);
  apply();
}());
