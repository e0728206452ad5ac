// Fovea dashboard: one server-sent event stream (/api/events) brings the new rows, decisions and
// the status; plots are redrawn at most once a second, with at most MAX_POINTS points a series. Read-only: nothing is sent back.
(function () {
  'use strict';
  var columns = [];
  var rows = [];
  var decisions = [];
  var status = {};
  var plots = {};
  var dirty = false;
  var updates = 0;
  var lastProjection = null;

  function col(name) { return columns.indexOf(name); }
  function fmtHours(h) {
    if (h == null) return '-';
    var hh = Math.floor(h), mm = Math.round((h - hh) * 60);
    if (mm === 60) { hh++; mm = 0; }
    return hh + ' h ' + (mm < 10 ? '0' : '') + mm + ' min';
  }
  function fmtBytes(b) {
    if (b == null || b < 0) return '?';
    var u = ['B', 'kB', 'MB', 'GB', 'TB'], i = 0;
    while (b >= 1000 && i < u.length - 1) { b /= 1000; i++; }
    return b.toFixed(i ? 1 : 0) + ' ' + u[i];
  }
  function fmtMs(v) { return v == null ? '-' : Math.round(v) + ' ms'; }
  function el(tag, text) { var e = document.createElement(tag); if (text != null) e.textContent = text; return e; }

  function width(id) { return Math.max(260, document.getElementById(id).clientWidth - 4); }

  function makePlot(id, title, series, opts) {
    var o = {
      width: opts.width || width(id), height: opts.height || 220, title: title,
      scales: { x: { time: false } },
      axes: [{ label: 'embryo time (h)' }, { label: opts.ylabel || '' }],
      series: [{ label: 'h', value: function (u, v) { return v == null ? '-' : v.toFixed(2); } }].concat(series)
    };
    var data = [[]];
    series.forEach(function () { data.push([]); });
    return new uPlot(o, data, document.getElementById(id));
  }

  function ensurePlots() {
    if (plots.spots || columns.length === 0) return;
    plots.spots = makePlot('plot-spots', null, [
      { label: 'spot count', stroke: '#1f5fbf', width: 1.5, spanGaps: true, points: { size: 4 } },
      { label: 'ground truth', stroke: '#999', dash: [4, 4], width: 1 }
    ], { ylabel: 'spots' });
    plots.interval = makePlot('plot-interval', null, [
      { label: 'interval (min)', stroke: '#2e9d4c', width: 1.5, paths: uPlot.paths.stepped({ align: 1 }) }
    ], { height: 150, ylabel: 'min' });
    var box = document.getElementById('small-multiples');
    plots.others = [];
    columns.forEach(function (c, i) {
      if (i < 8 || c === 'spot_count') return;
      var d = el('div'); d.id = 'sm-' + c; box.appendChild(d);
      plots.others.push({ name: c, idx: i, plot: makePlot(d.id, c, [
        { label: c, stroke: '#8a3fb0', width: 1, spanGaps: true, points: { size: 3 } }], { width: 300, height: 150 }) });
    });
  }

  // at most this many points per series are drawn: longer series are thinned to the first, the
  // lowest and the highest value of each bucket, so a redraw costs the same after 10 or 100,000 stacks
  var MAX_POINTS = 1200;
  // redraws at most once per second: a fast run must not keep a browser (maybe on the same
  // computer as the analysis) busy
  var MIN_REDRAW_MS = 1000;
  var lastRedraw = 0;

  function pick(n, y) {
    if (n <= MAX_POINTS) return null;
    var per = Math.ceil(n / (MAX_POINTS / 3)), idx = [];
    for (var s = 0; s < n; s += per) {
      var e = Math.min(n, s + per), lo = -1, hi = -1;
      for (var i = s; i < e; i++) {
        if (y[i] == null) continue;
        if (lo < 0 || y[i] < y[lo]) lo = i;
        if (hi < 0 || y[i] > y[hi]) hi = i;
      }
      var b = [s];
      if (lo > s) b.push(lo);
      if (hi > s && hi !== lo) b.push(hi);
      b.sort(function (p, q) { return p - q; });
      for (var k = 0; k < b.length; k++) idx.push(b[k]);
    }
    return idx;
  }

  function thin(idx, arrays) {
    if (!idx) return arrays;
    return arrays.map(function (a) { return idx.map(function (i) { return a[i]; }); });
  }

  function redraw() {
    dirty = false;
    lastRedraw = Date.now();
    ensurePlots();
    if (!plots.spots) return;
    var h = col('hours'), sc = col('spot_count'), tc = col('true_count'), iv = col('interval_min');
    var sorted = rows;
    for (var k = 1; k < rows.length; k++) {
      if (rows[k][h] < rows[k - 1][h]) { sorted = rows.slice().sort(function (a, b) { return a[h] - b[h]; }); break; }
    }
    var n = sorted.length;
    var x = new Array(n), y = new Array(n), t = new Array(n), ivs = new Array(n);
    for (var i = 0; i < n; i++) {
      var r = sorted[i];
      x[i] = r[h]; y[i] = sc >= 0 ? r[sc] : null; t[i] = tc >= 0 ? r[tc] : null;
      ivs[i] = r[iv];
    }
    plots.spots.setData(thin(pick(n, y), [x, y, t]));
    plots.interval.setData(thin(pick(n, ivs), [x, ivs]));
    plots.others.forEach(function (o) {
      var v = new Array(n);
      for (var i = 0; i < n; i++) v[i] = sorted[i][o.idx];
      o.plot.setData(thin(pick(n, v), [x, v]));
    });
  }

  function schedule() {
    if (dirty) return;
    dirty = true;
    var wait = Math.max(0, lastRedraw + MIN_REDRAW_MS - Date.now());
    setTimeout(function () { requestAnimationFrame(redraw); }, wait);
  }

  function renderStatus() {
    var s = status;
    var badge = document.getElementById('state');
    badge.textContent = s.mode === 'finished run' ? 'finished run' : (s.state || '?');
    badge.className = 'badge ' + (s.state || '');
    document.getElementById('folder').textContent = s.run_folder || '';
    document.getElementById('device').textContent = s.device || '?';
    document.getElementById('microscope').textContent = (s.microscope || '') + (s.analysis ? ' · analysis: ' + s.analysis : '');
    var interval = s.interval_min == null ? '-' : (+s.interval_min).toFixed(s.interval_min < 1 ? 2 : 1) + ' min' + (s.in_burst ? ' (burst)' : '');
    var items = [
      ['acquired', s.acquired], ['stored', s.stored], ['analysed', s.analysed],
      ['late', s.late], ['skipped', s.skipped], ['analysis errors', s.analysis_errors],
      ['interval', interval],
      ['disk used (stacks)', fmtBytes(s.disk_used_bytes)], ['disk free', fmtBytes(s.disk_free_bytes)],
      ['acquisition per stack', fmtMs(s.acquire_ms)], ['analysis per stack', fmtMs(s.analysis_ms)],
      ['latency (acquired → decided)', fmtMs(s.latency_ms)],
      ['stopped', s.stop_reason || '-']
    ];
    var tb = document.querySelector('#status tbody');
    tb.textContent = '';
    items.forEach(function (it) {
      var tr = el('tr'); tr.appendChild(el('td', it[0])); tr.appendChild(el('td', it[1] == null ? '-' : String(it[1])));
      tb.appendChild(tr);
    });
    var lc = document.getElementById('latecause');
    if (s.late_cause) { lc.hidden = false; lc.textContent = 'Results late or skipped — cause: ' + s.late_cause; }
    else lc.hidden = true;
    document.getElementById('log').textContent = (s.log || []).join('\n');
    if (s.projection_time_point != null && s.projection_time_point !== lastProjection) {
      lastProjection = s.projection_time_point;
      document.getElementById('projection').src = '/api/projection.png?t=' + lastProjection;
      document.getElementById('projtp').textContent = '(time point ' + lastProjection + ')';
    }
  }

  function addDecisions(list, reset) {
    var tb = document.querySelector('#decisions tbody');
    if (reset) { decisions = []; tb.textContent = ''; }
    list.forEach(function (d) {
      decisions.push(d);
      var tr = el('tr'); tr.className = 'new';
      [d.time_point, fmtHours(d.hours), d.rule, d.transition, d.action, d.measurements,
        fmtMs(d.latency_ms) + (d.late ? ' (late)' : ''), d.applies_from].forEach(function (v) {
        tr.appendChild(el('td', v == null ? '-' : String(v)));
      });
      tb.insertBefore(tr, tb.firstChild);
    });
    document.getElementById('ndec').textContent = '(' + decisions.length + ')';
  }

  function onUpdate(ev) {
    var m = JSON.parse(ev.data);
    updates++;
    if (m.reset) {
      var changed = JSON.stringify(columns) !== JSON.stringify(m.columns);
      columns = m.columns; rows = [];
      if (changed && plots.spots) {
        plots.spots.destroy(); plots.interval.destroy();
        plots.others.forEach(function (o) { o.plot.destroy(); });
        document.getElementById('small-multiples').textContent = '';
        plots = {};
      }
    }
    if (m.from !== rows.length) rows.length = Math.min(rows.length, m.from);
    for (var i = 0; i < m.rows.length; i++) rows.push(m.rows[i]);
    addDecisions(m.decisions, m.reset);
    status = m.status;
    renderStatus();
    schedule();
  }

  var conn = document.getElementById('conn');
  var es = new EventSource('/api/events');
  es.addEventListener('update', onUpdate);
  es.onopen = function () { conn.textContent = ''; };
  es.onerror = function () { conn.textContent = status.state === 'finished' ? '' : 'connection lost, retrying…'; };
  window.addEventListener('resize', function () {
    if (!plots.spots) return;
    plots.spots.setSize({ width: width('plot-spots'), height: 220 });
    plots.interval.setSize({ width: width('plot-interval'), height: 150 });
  });

  // read by the browser test and handy in the console
  window.fovea = {
    rows: function () { return rows.length; },
    // the analysed stacks the spot-count plot has received (drawn ones may be thinned)
    plotPoints: function () {
      var sc = col('spot_count'), n = 0;
      if (!plots.spots || sc < 0) return 0;
      for (var i = 0; i < rows.length; i++) if (rows[i][sc] != null) n++;
      return n;
    },
    drawnPoints: function () {
      if (!plots.spots) return 0;
      var n = 0, y = plots.spots.data[1];
      for (var i = 0; i < y.length; i++) if (y[i] != null) n++;
      return n;
    },
    decisionRows: function () { return document.querySelectorAll('#decisions tbody tr').length; },
    updates: function () { return updates; },
    state: function () { return status.state; }
  };
})();
