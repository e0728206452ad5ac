// Fovea dashboard: one server-sent event stream (/api/events) brings the new rows, decisions and
// the status (the server sends at most one update every 2 s, with everything new since the last).
// The page keeps the table column by column in typed arrays (8 bytes a value, grown by doubling), so
// its memory is bounded by the server's row bound. Everything visible — status, decisions, plots —
// is updated together in one animation frame at most every REFRESH_MS (each frame the browser
// paints costs CPU, maybe on the computer that runs the analysis), each series thinned to at most
// MAX_POINTS drawn points; nothing on the page animates between updates; the projection image is
// fetched at most every PROJECTION_MS. Read-only: nothing is sent back.
(function () {
  'use strict';
  // at most this many points per series are drawn: longer series are thinned to the first, the
  // lowest and the highest value of each bucket, so a redraw costs the same after 10 or 100,000 stacks
  var MAX_POINTS = 1200;
  // the page is updated at most every 2 s: each frame a browser paints costs CPU (40-90 ms a frame
  // measured in headless Chromium on the project's 2-core machine, docs/dashboard.md), and a fast
  // run must not keep a browser on the same computer as the analysis busy
  var REFRESH_MS = 2000;
  // the latest projection is fetched at most this often (its loading paints a frame of its own;
  // the server encodes it at most every 2 s for any number of pages)
  var PROJECTION_MS = 10000;
  // decisions shown in the table (the newest; the count above it is of all of them)
  var MAX_DECISION_ROWS = 500;

  var columns = [];
  var table = { n: 0, cap: 0, cols: [], dict: [], ordered: true };
  var ndecisions = 0;
  var pending = { decisions: [], reset: false }; // decisions received, not yet shown
  var status = {};
  var plots = {};
  var dirty = false;
  var lastRedraw = 0;
  var updates = 0;
  var redraws = 0;
  var projection = { shown: null, wanted: null, at: 0, timer: 0, busy: false };

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
  function setText(e, text) { if (e.textContent !== text) e.textContent = text; }

  // ------------------------------------------------------------------ the table, by column

  function resetTable() {
    table = { n: 0, cap: 0, cols: columns.map(function () { return null; }), dict: columns.map(function () { return []; }), ordered: true };
  }

  function grow(need) {
    if (need <= table.cap) return;
    var cap = Math.max(256, table.cap);
    while (cap < need) cap *= 2;
    for (var c = 0; c < table.cols.length; c++) {
      var a = new Float64Array(cap);
      if (table.cols[c]) a.set(table.cols[c].subarray(0, table.n));
      table.cols[c] = a;
    }
    table.cap = cap;
  }

  // a JSON value as a number: null -> NaN, booleans -> 0/1, strings -> their index in the column's dictionary
  function code(c, v) {
    if (v == null) return NaN;
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    var d = table.dict[c], i = d.indexOf(v);
    if (i < 0) { i = d.length; d.push(v); }
    return i;
  }

  function append(list, from) {
    if (from < table.n) table.n = Math.max(0, from); // never doubled: the server said where these start
    grow(table.n + list.length);
    var h = col('hours');
    for (var i = 0; i < list.length; i++) {
      var r = list[i], k = table.n++;
      for (var c = 0; c < table.cols.length; c++) table.cols[c][k] = code(c, r[c]);
      if (k > 0 && h >= 0 && table.cols[h][k] < table.cols[h][k - 1]) table.ordered = false;
    }
  }

  // the row order by embryo time (null when the rows arrived in that order)
  function order() {
    if (table.ordered) return null;
    var h = table.cols[col('hours')], idx = new Uint32Array(table.n);
    for (var i = 0; i < idx.length; i++) idx[i] = i;
    return Array.prototype.slice.call(idx).sort(function (a, b) { return h[a] - h[b]; });
  }

  // ------------------------------------------------------------------ plots

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

  function destroyPlots() {
    if (!plots.spots) return;
    plots.spots.destroy(); plots.interval.destroy();
    plots.others.forEach(function (o) { o.plot.destroy(); });
    document.getElementById('small-multiples').textContent = '';
    plots = {};
  }

  // the rows to draw of series y (a column's typed array, in the order ord): all of them, or for a
  // longer series the first, the lowest and the highest value of each bucket
  function pick(n, ord, y) {
    var idx = [];
    if (n <= MAX_POINTS) {
      for (var j = 0; j < n; j++) idx.push(ord ? ord[j] : j);
      return idx;
    }
    var per = Math.ceil(n / (MAX_POINTS / 3));
    for (var s = 0; s < n; s += per) {
      var e = Math.min(n, s + per), lo = -1, hi = -1;
      for (var i = s; i < e; i++) {
        var v = y[ord ? ord[i] : i];
        if (v !== v) continue; // NaN: no value
        if (lo < 0 || v < y[ord ? ord[lo] : lo]) lo = i;
        if (hi < 0 || v > y[ord ? ord[hi] : hi]) hi = i;
      }
      var b = [s];
      if (lo > s) b.push(lo);
      if (hi > s && hi !== lo) b.push(hi);
      b.sort(function (p, q) { return p - q; });
      for (var k = 0; k < b.length; k++) idx.push(ord ? ord[b[k]] : b[k]);
    }
    return idx;
  }

  // uPlot's data for the picked rows of the given column indices (NaN -> null: a gap)
  function series(idx, cs) {
    return cs.map(function (c) {
      var a = table.cols[c], out = new Array(idx.length);
      for (var i = 0; i < idx.length; i++) {
        var v = c < 0 ? NaN : a[idx[i]];
        out[i] = v === v ? v : null;
      }
      return out;
    });
  }

  function drawPlots() {
    ensurePlots();
    if (!plots.spots) return;
    var h = col('hours'), sc = col('spot_count'), tc = col('true_count'), iv = col('interval_min');
    var n = table.n, ord = order();
    var none = new Float64Array(0);
    plots.spots.setData(series(pick(n, ord, sc >= 0 ? table.cols[sc] : none), [h, sc, tc]));
    plots.interval.setData(series(pick(n, ord, table.cols[iv]), [h, iv]));
    plots.others.forEach(function (o) {
      o.plot.setData(series(pick(n, ord, table.cols[o.idx]), [h, o.idx]));
    });
  }

  // one frame with everything new, at most every REFRESH_MS
  function render() {
    dirty = false;
    lastRedraw = Date.now();
    redraws++;
    renderDecisions();
    renderStatus();
    drawPlots();
  }

  function schedule() {
    if (dirty) return;
    dirty = true;
    var wait = Math.max(0, lastRedraw + REFRESH_MS - Date.now());
    setTimeout(function () { requestAnimationFrame(render); }, wait);
  }

  // ------------------------------------------------------------------ status, projection, decisions

  var statusCells = null;

  function renderStatus() {
    var s = status;
    var badge = document.getElementById('state');
    setText(badge, s.mode === 'finished run' ? 'finished run' : (s.state || '?'));
    badge.className = 'badge ' + (s.state || '');
    setText(document.getElementById('folder'), s.run_folder || '');
    setText(document.getElementById('device'), s.device || '?');
    setText(document.getElementById('microscope'), (s.microscope || '') + (s.analysis ? ' · analysis: ' + s.analysis : ''));
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
    if (!statusCells) { // built once; later updates change only the texts that changed
      var tb = document.querySelector('#status tbody');
      statusCells = items.map(function (it) {
        var tr = el('tr'), v = el('td');
        tr.appendChild(el('td', it[0])); tr.appendChild(v); tb.appendChild(tr);
        return v;
      });
    }
    items.forEach(function (it, i) { setText(statusCells[i], it[1] == null ? '-' : String(it[1])); });
    var lc = document.getElementById('latecause');
    if (s.late_cause) { lc.hidden = false; setText(lc, 'Results late or skipped — cause: ' + s.late_cause); }
    else lc.hidden = true;
    setText(document.getElementById('log'), (s.log || []).join('\n'));
    if (s.projection_time_point != null) { projection.wanted = s.projection_time_point; fetchProjection(); }
  }

  // loads the latest projection, at most every PROJECTION_MS and one at a time; when the server
  // answers with an older one (it encodes at most every PROJECTION_MS too) or a newer one arrives
  // meanwhile, it is fetched again when that time is up
  function fetchProjection() {
    if (projection.timer || projection.busy || projection.wanted === projection.shown) return;
    var wait = projection.at + PROJECTION_MS - Date.now();
    if (wait > 0) {
      projection.timer = setTimeout(function () { projection.timer = 0; fetchProjection(); }, wait);
      return;
    }
    projection.at = Date.now();
    projection.busy = true;
    fetch('/api/projection.png?t=' + projection.wanted).then(function (r) {
      if (!r.ok) throw new Error('projection: ' + r.status);
      var tp = +r.headers.get('X-Fovea-Time-Point');
      return r.blob().then(function (b) {
        var img = document.getElementById('projection'), old = img.src;
        img.src = URL.createObjectURL(b);
        if (old.indexOf('blob:') === 0) URL.revokeObjectURL(old);
        projection.shown = tp;
        setText(document.getElementById('projtp'), '(time point ' + tp + ')');
      });
    }).catch(function () { /* tried again with the next update */ }).then(function () {
      projection.busy = false;
      fetchProjection();
    });
  }

  // the decisions received since the last frame, newest on top and marked; only the newest
  // MAX_DECISION_ROWS are in the table
  function renderDecisions() {
    var tb = document.querySelector('#decisions tbody'), list = pending.decisions;
    if (pending.reset) tb.textContent = '';
    else if (list.length) Array.prototype.forEach.call(tb.querySelectorAll('tr.new'), function (tr) { tr.className = ''; });
    list.slice(Math.max(0, list.length - MAX_DECISION_ROWS)).forEach(function (d) {
      var tr = el('tr'); tr.className = 'new';
      [d.time_point, fmtHours(d.hours), d.rule, d.transition, d.action, d.measurements,
        fmtMs(d.latency_ms) + (d.late ? ' (late)' : ''), d.applies_from].forEach(function (v) {
        tr.appendChild(el('td', v == null ? '-' : String(v)));
      });
      tb.insertBefore(tr, tb.firstChild);
    });
    while (tb.rows.length > MAX_DECISION_ROWS) tb.deleteRow(-1);
    pending = { decisions: [], reset: false };
    setText(document.getElementById('ndec'), '(' + ndecisions + (ndecisions > MAX_DECISION_ROWS ? ', the newest ' + MAX_DECISION_ROWS + ' shown' : '') + ')');
  }

  function onUpdate(ev) {
    var m = JSON.parse(ev.data);
    updates++;
    if (m.reset) {
      if (JSON.stringify(columns) !== JSON.stringify(m.columns)) destroyPlots();
      columns = m.columns;
      resetTable();
    }
    append(m.rows, m.from);
    if (m.reset) { pending = { decisions: [], reset: true }; ndecisions = 0; }
    for (var i = 0; i < m.decisions.length; i++) pending.decisions.push(m.decisions[i]);
    // a hidden page draws no frames: keep only what the table would show
    if (pending.decisions.length > 2 * MAX_DECISION_ROWS) pending.decisions.splice(0, pending.decisions.length - MAX_DECISION_ROWS);
    ndecisions += m.decisions.length;
    status = m.status;
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
    rows: function () { return table.n; },
    // the analysed stacks the spot-count plot has received (drawn ones may be thinned)
    plotPoints: function () {
      var sc = col('spot_count'), n = 0;
      if (!plots.spots || sc < 0) return 0;
      for (var i = 0; i < table.n; i++) if (table.cols[sc][i] === table.cols[sc][i]) n++;
      return n;
    },
    drawnPoints: function () {
      if (!plots.spots) return 0;
      var n = 0, y = plots.spots.data[1];
      for (var i = 0; i < y.length; i++) if (y[i] != null) n++;
      return n;
    },
    // bytes the table's typed arrays hold (the page's memory for the rows)
    tableBytes: function () { return table.cap * table.cols.length * 8; },
    decisionRows: function () { return document.querySelectorAll('#decisions tbody tr').length; },
    updates: function () { return updates; },
    redraws: function () { return redraws; },
    state: function () { return status.state; }
  };
})();
