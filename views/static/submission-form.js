// Progressive enhancement for the submission form. Without JavaScript the form posts one file input per
// view and the server answers with the verdict page. With it: drag-and-drop of several photos, each
// assigned to a view by its file name, thumbnails, a preflight of what is cheap to check here (the server
// stays the authority), an eyedropper on the front photo, an upload progress bar and the verdict shown in
// place. Photos always travel in the same per-view file inputs, so both paths send the same form.
(function () {
  'use strict';
  var form = document.getElementById('submission-form');
  if (!form) return;
  var limits = readLimits(form);
  var TEXT = readText(form);
  var VIEWS = limits.views;
  var HEX = /^#?[0-9a-fA-F]{6}$/;

  var el = {
    picker: document.getElementById('swatchPicker'),
    hex: document.getElementById('swatchHex'),
    pickedSwatch: document.getElementById('picked-swatch'),
    pickedHex: document.getElementById('picked-hex'),
    dropzone: document.getElementById('dropzone'),
    filePicker: document.getElementById('photo-picker'),
    list: document.getElementById('photo-list'),
    viewInputs: document.getElementById('view-inputs'),
    eyedropper: document.getElementById('eyedropper'),
    canvas: document.getElementById('eyedropper-canvas'),
    progress: document.getElementById('upload-progress'),
    progressBar: document.getElementById('upload-progress-bar'),
    progressText: document.getElementById('upload-progress-text'),
    submit: document.getElementById('submit-button'),
    alert: document.getElementById('form-alert'),
    panel: document.getElementById('verdict-panel'),
    panelBody: document.getElementById('verdict-panel-body'),
    pickWarning: document.getElementById('eyedropper-warning'),
    shadeCode: document.getElementById('shadeCode'),
    category: document.getElementById('category'),
    needsLead: document.getElementById('view-needs-lead'),
    needsList: document.getElementById('view-needs-list'),
    photosError: document.getElementById('photos-error'),
  };

  /** Photos the brand has added: { key, file, view ('' = not sent), url, bitmap, checks, item }. */
  var entries = [];
  var nextKey = 1;

  form.classList.add('js-enhanced');
  el.dropzone.hidden = false;
  setUpColour();
  setUpDropzone();
  setUpEyedropper();
  form.addEventListener('submit', onSubmit);
  el.shadeCode.addEventListener('change', recheckAll);
  el.category.addEventListener('change', function () {
    recheckAll();
    showViewNeeds();
    if (!el.photosError.hidden) checkRequiredViews();
  });

  function readLimits(f) {
    try {
      return JSON.parse(f.getAttribute('data-preflight') || '{}');
    } catch {
      return { views: ['front', 'swatch', 'open', 'side'], viewRules: {}, resolution: {}, extensions: [], maxBytes: 0 };
    }
  }

  /**
   * The page's words for what this script writes, in the page's language (`data-text`, from the server's
   * catalog): `say('tooBig', { size: '12 MB' })`. Placeholders are `{name}`; values are inserted as text.
   */
  function readText(f) {
    try {
      return JSON.parse(f.getAttribute('data-text') || '{}');
    } catch {
      return {};
    }
  }

  function say(key, values) {
    var message = TEXT[key] || key;
    return message.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && values[name] !== undefined ? String(values[name]) : whole;
    });
  }

  // ---- the photos the chosen category needs (the server's viewRules, passed in data-preflight) ----------

  /** The category's required and recommended views; a category the page has no rules for needs its front. */
  function viewRulesOf(category) {
    return (limits.viewRules && limits.viewRules[category]) || { required: ['front'], recommended: [] };
  }

  function categoryName() {
    var option = el.category.options[el.category.selectedIndex];
    return option ? option.textContent : el.category.value;
  }

  /** Redraws the list the server drew for the first category, and the marks on the per-view inputs. */
  function showViewNeeds() {
    var rules = viewRulesOf(el.category.value);
    el.needsLead.textContent = say('needsLead', { category: categoryName() });
    el.needsList.textContent = '';
    [['required', rules.required], ['recommended', rules.recommended]].forEach(function (group) {
      group[1].forEach(function (view) {
        el.needsList.appendChild(h('li', { 'data-view': view, 'data-need': group[0] }, [
          h('strong', {}, say('photo.' + view)), ' ', h('span', { class: 'need need-' + group[0] }, say('need.' + group[0])),
        ]));
      });
    });
    VIEWS.forEach(function (view) {
      var need = rules.required.indexOf(view) >= 0 ? 'required' : rules.recommended.indexOf(view) >= 0 ? 'recommended' : '';
      var mark = document.getElementById('photo-' + view + '-mark');
      if (mark) mark.textContent = need ? say('mark.' + need) : '';
      var input = document.getElementById('photo-' + view);
      if (input) input.required = need === 'required';
    });
  }

  /** The category's required views that no photo is sent as (read from the per-view inputs the form posts). */
  function missingViews() {
    return viewRulesOf(el.category.value).required.filter(function (view) {
      var input = document.getElementById('photo-' + view);
      return !input || !input.files || input.files.length === 0;
    });
  }

  /**
   * Says which required photo is missing, beside the photos, and returns false; clears the message and
   * returns true when none is. Advice before the upload: the server refuses the same submission.
   */
  function checkRequiredViews() {
    var missing = missingViews();
    el.photosError.textContent = missing.map(function (view) {
      return say('missingView', { category: categoryName(), photo: say('photo.' + view), view: view });
    }).join(' ');
    el.photosError.hidden = missing.length === 0;
    if (missing.length) el.filePicker.setAttribute('aria-describedby', 'photos-error');
    else el.filePicker.removeAttribute('aria-describedby');
    return missing.length === 0;
  }

  // ---- colour: picker, hex field and swatch stay in step ----------------------------------------------

  function setUpColour() {
    var useMeasured = document.getElementById('use-measured');
    if (useMeasured) {
      useMeasured.hidden = false;
      useMeasured.addEventListener('click', function () { setColour(useMeasured.getAttribute('data-hex'), 'measured'); });
    }
    el.picker.addEventListener('input', function () { setColour(el.picker.value, 'picker'); });
    el.hex.addEventListener('input', function () {
      var v = el.hex.value.trim();
      if (HEX.test(v)) setColour(v, 'hex');
    });
  }

  function setColour(value, from) {
    var hex = (value[0] === '#' ? value : '#' + value).toLowerCase();
    if (from !== 'eyedropper') showPickWarning('');
    if (from !== 'picker') el.picker.value = hex;
    if (from !== 'hex') el.hex.value = hex;
    el.pickedSwatch.setAttribute('fill', hex);
    el.pickedHex.textContent = hex;
  }

  // ---- adding photos -----------------------------------------------------------------------------------

  function setUpDropzone() {
    var zone = el.dropzone.closest('fieldset') || el.dropzone;
    ['dragenter', 'dragover'].forEach(function (type) {
      zone.addEventListener(type, function (e) {
        e.preventDefault();
        el.dropzone.classList.add('dragging');
      });
    });
    zone.addEventListener('dragleave', function (e) {
      if (!zone.contains(e.relatedTarget)) el.dropzone.classList.remove('dragging');
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      el.dropzone.classList.remove('dragging');
      if (e.dataTransfer && e.dataTransfer.files) addFiles(e.dataTransfer.files);
    });
    el.filePicker.addEventListener('change', function () {
      addFiles(el.filePicker.files);
      el.filePicker.value = '';
    });
  }

  function addFiles(fileList) {
    Array.prototype.forEach.call(fileList, function (file) {
      var entry = { key: nextKey++, file: file, view: '', url: URL.createObjectURL(file), bitmap: null, checks: [] };
      entries.push(entry);
      assignView(entry, viewFromName(file.name) || firstFreeView());
      entry.item = renderEntry(entry);
      el.list.appendChild(entry.item.root);
      preflight(entry);
    });
    el.list.hidden = entries.length === 0;
    syncInputs();
  }

  /** `lumiere_silk-matte_nu-12_front.jpg` → 'front': the last `_` part before the extension. */
  function viewFromName(name) {
    var stem = name.replace(/\.[^.]*$/, '');
    var last = stem.split('_').pop().toLowerCase();
    return VIEWS.indexOf(last) >= 0 ? last : '';
  }

  function firstFreeView() {
    for (var i = 0; i < VIEWS.length; i++) if (!entryFor(VIEWS[i])) return VIEWS[i];
    return '';
  }

  function entryFor(view) {
    for (var i = 0; i < entries.length; i++) if (entries[i].view === view) return entries[i];
    return null;
  }

  /** One photo per view: the photo that takes a view releases whichever photo had it. */
  function assignView(entry, view) {
    var holder = view ? entryFor(view) : null;
    if (holder && holder !== entry) {
      holder.view = '';
      if (holder.item) holder.item.select.value = '';
    }
    entry.view = view;
    if (entry.item) entry.item.select.value = view;
  }

  function removeEntry(entry) {
    entries = entries.filter(function (e) { return e !== entry; });
    URL.revokeObjectURL(entry.url);
    entry.item.root.remove();
    el.list.hidden = entries.length === 0;
    syncInputs();
    el.filePicker.focus();
  }

  /** The per-view file inputs are what the form sends, with or without this script. */
  function syncInputs() {
    VIEWS.forEach(function (view) {
      var input = document.getElementById('photo-' + view);
      var entry = entryFor(view);
      var dt = new DataTransfer();
      if (entry) dt.items.add(entry.file);
      input.files = dt.files;
    });
    drawEyedropperSource();
    // A missing photo the brand was told about: the message goes as soon as the photo is added.
    if (!el.photosError.hidden) checkRequiredViews();
  }

  function renderEntry(entry) {
    var root = h('li', { class: 'photo-item', 'data-file': entry.file.name });
    var thumb = h('img', { class: 'thumb', alt: say('preview', { file: entry.file.name }), width: '96', height: '128' });
    thumb.src = entry.url;
    thumb.addEventListener('error', function () { thumb.replaceWith(h('div', { class: 'thumb thumb-none' }, say('noPreview'))); });
    var selectId = 'view-for-' + entry.key;
    var select = h('select', { id: selectId, class: 'view-select' });
    select.appendChild(h('option', { value: '' }, say('notSent')));
    VIEWS.forEach(function (v) { select.appendChild(h('option', { value: v }, say('view.' + v))); });
    select.value = entry.view;
    select.addEventListener('change', function () {
      assignView(entry, select.value);
      syncInputs();
      recheck(entry);
    });
    var remove = h('button', { type: 'button', class: 'link remove' }, say('remove'));
    remove.setAttribute('aria-label', say('removeFile', { file: entry.file.name }));
    remove.addEventListener('click', function () { removeEntry(entry); });
    var checks = h('ul', { class: 'checks', 'aria-label': say('checksFor', { file: entry.file.name }) });
    var body = h('div', { class: 'photo-item-body' }, [
      h('p', { class: 'file-name' }, [h('strong', {}, entry.file.name), ' ', h('span', { class: 'muted' }, formatBytes(entry.file.size))]),
      h('div', { class: 'view-choice' }, [h('label', { for: selectId }, [say('sendAs'), h('span', { class: 'sr-only' }, ' (' + entry.file.name + ')')]), select, remove]),
      checks,
    ]);
    root.appendChild(thumb);
    root.appendChild(body);
    return { root: root, select: select, checks: checks };
  }

  // ---- preflight: cheap checks before the upload; advice only, the server decides ----------------------

  function preflight(entry) {
    Promise.all([sniffType(entry.file), decodeBitmap(entry.file)]).then(function (found) {
      entry.type = found[0];
      entry.bitmap = found[1];
      recheck(entry);
      drawEyedropperSource();
    });
  }

  function recheckAll() { entries.forEach(recheck); }

  function recheck(entry) {
    if (entry.type === undefined) return;
    entry.checks = [checkType(entry), checkSize(entry), checkResolution(entry), checkName(entry)].filter(Boolean);
    var list = entry.item.checks;
    list.textContent = '';
    entry.checks.forEach(function (c) {
      var mark = { pass: '✓', warn: '!', fail: '✗' }[c.status];
      list.appendChild(h('li', { class: 'check check-' + c.status, 'data-rule': c.rule }, [
        h('span', { class: 'mark mark-' + c.status, 'aria-hidden': 'true' }, mark + ' '),
        h('span', { class: 'sr-only' }, say(c.status)),
        c.text,
      ]));
    });
  }

  /** The real type from the first bytes, as the server reads it; the browser's guess is not trusted. */
  function sniffType(file) {
    return file.slice(0, 16).arrayBuffer().then(function (buf) {
      var b = new Uint8Array(buf);
      var ascii = function (from, to) { return String.fromCharCode.apply(null, Array.prototype.slice.call(b, from, to)); };
      if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
      if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'png';
      if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
      if ((ascii(0, 2) === 'II' && b[2] === 42 && b[3] === 0) || (ascii(0, 2) === 'MM' && b[2] === 0 && b[3] === 42)) return 'tiff';
      return null;
    });
  }

  function decodeBitmap(file) {
    if (typeof createImageBitmap !== 'function') return Promise.resolve(null);
    return createImageBitmap(file).catch(function () { return null; });
  }

  var EXTENSIONS = { jpeg: ['jpg', 'jpeg'], png: ['png'], webp: ['webp'], tiff: ['tif', 'tiff'] };
  var TYPE_LABELS = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP', tiff: 'TIFF' };

  function checkType(entry) {
    var ext = (entry.file.name.split('.').pop() || '').toLowerCase();
    if (!entry.type) return { rule: 'format', status: 'fail', text: say('notPhoto') };
    if (EXTENSIONS[entry.type].indexOf(ext) < 0) {
      return { rule: 'format', status: 'fail', text: say('wrongExtension', { type: TYPE_LABELS[entry.type], ext: ext }) };
    }
    return { rule: 'format', status: 'pass', text: say('typeOk', { type: TYPE_LABELS[entry.type] }) };
  }

  function checkSize(entry) {
    if (!limits.maxBytes || entry.file.size <= limits.maxBytes) return null;
    return { rule: 'format', status: 'fail', text: say('tooBig', { size: formatBytes(entry.file.size), limit: formatBytes(limits.maxBytes) }) };
  }

  function checkResolution(entry) {
    var r = limits.resolution[el.category.value] || limits.resolution.lipstick;
    if (!entry.bitmap || !r) return null;
    var side = Math.max(entry.bitmap.width, entry.bitmap.height);
    var size = entry.bitmap.width + ' × ' + entry.bitmap.height + ' px';
    if (side < r.failBelowPx) return { rule: 'resolution', status: 'fail', text: say('tooSmall', { size: size, min: r.failBelowPx }) };
    if (side < r.warnBelowPx) return { rule: 'resolution', status: 'warn', text: say('soft', { size: size, min: r.warnBelowPx }) };
    return { rule: 'resolution', status: 'pass', text: say('sizeOk', { size: size }) };
  }

  /** The naming convention, as the server parses it: brand_line_shade_view.ext, shade as on the form. */
  function checkName(entry) {
    var name = entry.file.name;
    var lower = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
    var dot = name.lastIndexOf('.');
    var ext = dot > 0 ? name.slice(dot + 1) : '';
    var parts = dot > 0 ? name.slice(0, dot).split('_') : [];
    var bad = function (why) { return { rule: 'naming', status: 'fail', text: say('badName', { why: why }) }; };
    if (limits.extensions.indexOf(ext) < 0) return bad(say('name.extension', { list: limits.extensions.join(', ') }));
    if (parts.length !== 4) return bad(say('name.parts'));
    if (!lower.test(parts[0]) || !lower.test(parts[1])) return bad(say('name.lowercase'));
    if (!/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(parts[2])) return bad(say('name.code'));
    if (VIEWS.indexOf(parts[3]) < 0) return bad(say('name.view', { list: VIEWS.join(', ') }));
    var code = el.shadeCode.value.trim();
    if (code && parts[2].toLowerCase() !== code.toLowerCase()) return bad(say('name.otherCode', { code: parts[2], formCode: code }));
    if (entry.view && parts[3] !== entry.view) return { rule: 'naming', status: 'warn', text: say('namedAs', { named: parts[3], sent: entry.view }) };
    return { rule: 'naming', status: 'pass', text: say('nameOk') };
  }

  // ---- eyedropper: take the colour from the front photo ------------------------------------------------

  var cross = { x: 0, y: 0 };
  var eyeSource = null;

  function setUpEyedropper() {
    el.canvas.addEventListener('click', function (e) {
      var rect = el.canvas.getBoundingClientRect();
      cross.x = Math.round(((e.clientX - rect.left) / rect.width) * el.canvas.width);
      cross.y = Math.round(((e.clientY - rect.top) / rect.height) * el.canvas.height);
      pickAtCross();
    });
    el.canvas.addEventListener('keydown', function (e) {
      var step = e.shiftKey ? 16 : 4;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[e.key]) {
        e.preventDefault();
        cross.x = clamp(cross.x + moves[e.key][0], 0, el.canvas.width - 1);
        cross.y = clamp(cross.y + moves[e.key][1], 0, el.canvas.height - 1);
        drawEyedropper();
      } else if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        pickAtCross();
      }
    });
  }

  /** The front photo if there is one, else the first photo that decoded. */
  function drawEyedropperSource() {
    var chosen = entryFor('front');
    if (!chosen || !chosen.bitmap) chosen = entries.filter(function (e) { return e.bitmap; })[0] || null;
    var source = chosen ? chosen.bitmap : null;
    el.eyedropper.hidden = !source;
    if (source === eyeSource) return;
    eyeSource = source;
    if (!source) return;
    var scale = Math.min(240 / source.width, 320 / source.height);
    el.canvas.width = Math.max(1, Math.round(source.width * scale));
    el.canvas.height = Math.max(1, Math.round(source.height * scale));
    cross.x = Math.round(el.canvas.width / 2);
    cross.y = Math.round(el.canvas.height / 2);
    drawEyedropper();
  }

  function drawEyedropper(skipCross) {
    var ctx = el.canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(eyeSource, 0, 0, el.canvas.width, el.canvas.height);
    if (skipCross) return ctx;
    ctx.strokeStyle = '#1a5fd0';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(cross.x, cross.y, 7, 0, Math.PI * 2);
    ctx.moveTo(cross.x - 12, cross.y); ctx.lineTo(cross.x - 4, cross.y);
    ctx.moveTo(cross.x + 4, cross.y); ctx.lineTo(cross.x + 12, cross.y);
    ctx.moveTo(cross.x, cross.y - 12); ctx.lineTo(cross.x, cross.y - 4);
    ctx.moveTo(cross.x, cross.y + 4); ctx.lineTo(cross.x, cross.y + 12);
    ctx.stroke();
    return ctx;
  }

  /**
   * The median of a 9 × 9 patch of photo pixels under the cross, channel by channel: a noisy pixel, a glitter particle or
   * the edge of a highlight inside the patch does not move it. Then a warning when the patch is much
   * lighter or darker than the rest of the shade (a highlight or a shadow), whose colour the server's
   * check would then refuse.
   */
  function pickAtCross() {
    if (!eyeSource) return;
    var ctx = drawEyedropper(true);
    var sample = sampleCanvas();
    var scale = sample.width / el.canvas.width;
    var size = Math.min(PATCH, sample.width, sample.height);
    var x0 = clamp(Math.round((cross.x + 0.5) * scale) - (size >> 1), 0, sample.width - size);
    var y0 = clamp(Math.round((cross.y + 0.5) * scale) - (size >> 1), 0, sample.height - size);
    var data = sample.getContext('2d', { willReadFrequently: true }).getImageData(x0, y0, size, size).data;
    var rgb = [0, 1, 2].map(function (c) {
      var values = [];
      for (var i = c; i < data.length; i += 4) values.push(data[i]);
      return median(values);
    });
    var hex = '#' + rgb.map(function (v) { return Math.round(v).toString(16).padStart(2, '0'); }).join('');
    setColour(hex, 'eyedropper');
    showPickWarning(lightingOf(rgbToLab(rgb), ctx));
    drawEyedropper();
  }

  /** The photo at (up to) 1600 px on its longest side, drawn once per photo: patches are taken in photo pixels, not in the small preview's. */
  var sampled = { source: null, canvas: null };
  function sampleCanvas() {
    if (sampled.source === eyeSource) return sampled.canvas;
    var scale = Math.min(1, 1600 / Math.max(eyeSource.width, eyeSource.height));
    var canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(eyeSource.width * scale));
    canvas.height = Math.max(1, Math.round(eyeSource.height * scale));
    canvas.getContext('2d', { willReadFrequently: true }).drawImage(eyeSource, 0, 0, canvas.width, canvas.height);
    sampled = { source: eyeSource, canvas: canvas };
    return canvas;
  }

  var PATCH = 9;
  /** L* difference from the shade's typical lightness beyond which a pick is a highlight or a shadow (about the swatch check's warn limit). */
  var LIGHTING_L = 5;

  /**
   * 'highlight', 'shadow' or '' for a picked colour, judged against the pixels of the photo with the same
   * hue (the rest of the shade): their median lightness is how the shade itself looks in this light.
   */
  function lightingOf(lab, ctx) {
    var chroma = Math.hypot(lab.a, lab.b);
    if (chroma < 8) return '';
    var hue = Math.atan2(lab.b, lab.a);
    var all = ctx.getImageData(0, 0, el.canvas.width, el.canvas.height).data;
    var lightness = [];
    for (var i = 0; i < all.length; i += 4) {
      var other = rgbToLab([all[i], all[i + 1], all[i + 2]]);
      var otherChroma = Math.hypot(other.a, other.b);
      if (otherChroma < 8) continue;
      var turn = Math.abs(Math.atan2(other.b, other.a) - hue);
      if (Math.min(turn, 2 * Math.PI - turn) < 0.35) lightness.push(other.L);
    }
    if (lightness.length < 50) return '';
    var typical = median(lightness);
    if (lab.L > typical + LIGHTING_L) return 'highlight';
    if (lab.L < typical - LIGHTING_L) return 'shadow';
    return '';
  }

  function showPickWarning(lighting) {
    el.pickWarning.hidden = !lighting;
    el.pickWarning.textContent = lighting ? say(lighting) : '';
  }

  function median(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** sRGB (0–255) to CIELAB under D65, as the server measures colour. */
  function rgbToLab(rgb) {
    var lin = rgb.map(function (v) { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    var x = (lin[0] * 0.4124 + lin[1] * 0.3576 + lin[2] * 0.1805) / 0.95047;
    var y = lin[0] * 0.2126 + lin[1] * 0.7152 + lin[2] * 0.0722;
    var z = (lin[0] * 0.0193 + lin[1] * 0.1192 + lin[2] * 0.9505) / 1.08883;
    var f = function (t) { return t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116; };
    return { L: 116 * f(y) - 16, a: 500 * (f(x) - f(y)), b: 200 * (f(y) - f(z)) };
  }

  // ---- upload with progress, verdict in place ----------------------------------------------------------

  function onSubmit(e) {
    if (typeof FormData !== 'function' || typeof XMLHttpRequest !== 'function') return;
    e.preventDefault();
    clearErrors();
    // A forgotten colour is told here, before any upload (the server says the same).
    if (!el.hex.value.trim()) {
      showFieldErrors({ swatchHex: el.hex.getAttribute('data-required-message') });
      el.hex.focus();
      return;
    }
    // So is a photo the category requires (a foundation's swatch): told before the upload, not after it.
    if (!checkRequiredViews()) {
      el.filePicker.focus();
      return;
    }
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    var token = form.querySelector('input[name="_csrf"]');
    if (token) xhr.setRequestHeader('X-CSRF-Token', token.value);
    xhr.upload.addEventListener('progress', function (p) {
      if (p.lengthComputable) showProgress(Math.round((p.loaded / p.total) * 100));
    });
    xhr.upload.addEventListener('load', function () { showProgress(100, say('uploaded')); });
    xhr.addEventListener('load', function () { onAnswer(xhr); });
    xhr.addEventListener('error', function () { fail(say('offline')); });
    el.submit.disabled = true;
    el.panel.hidden = true;
    showProgress(0);
    xhr.send(new FormData(form));
  }

  function showProgress(percent, text) {
    el.progress.hidden = false;
    el.progressBar.value = percent;
    el.progressBar.textContent = percent + ' %';
    el.progressText.textContent = text || percent + ' %';
  }

  function onAnswer(xhr) {
    el.submit.disabled = false;
    el.progress.hidden = true;
    var body = null;
    try { body = JSON.parse(xhr.responseText); } catch { /* not JSON: no body */ }
    if ((xhr.status === 201 || (xhr.status === 200 && body && body.duplicate)) && body) return showVerdict(body);
    var error = body && body.error ? body.error : { message: say('serverAnswered', { status: xhr.status }) };
    if (error.fields) showFieldErrors(error.fields);
    fail(error.message + (error.help ? ' ' + error.help : ''));
  }

  function fail(message) {
    el.submit.disabled = false;
    el.progress.hidden = true;
    el.alert.textContent = message;
    el.alert.hidden = false;
    el.alert.focus();
  }

  function clearErrors() {
    el.alert.hidden = true;
    form.querySelectorAll('.field-error').forEach(function (p) { p.hidden = true; p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (i) { i.removeAttribute('aria-invalid'); });
  }

  function showFieldErrors(fields) {
    Object.keys(fields).forEach(function (name) {
      var p = document.getElementById(name + '-error');
      var input = document.getElementById(name) || document.getElementById('photo-' + name);
      if (p) { p.textContent = fields[name]; p.hidden = false; }
      if (input) input.setAttribute('aria-invalid', 'true');
    });
  }

  function showVerdict(result) {
    var body = el.panelBody;
    body.textContent = '';
    if (result.notice) body.appendChild(h('p', { class: 'note', role: 'status' }, result.notice));
    body.appendChild(h('p', { class: 'verdict verdict-' + result.verdict }, [
      h('span', { class: 'status status-' + result.status }, result.statusLabel), ' ', result.label, ': ', result.verdictSentence,
    ]));
    if (result.extraction) {
      body.appendChild(h('p', { class: 'colour-compare' }, [
        colourChip(result.swatchHex), say('declared'), result.swatchHex, ' ',
        colourChip(result.extraction.hex), say('measured'), result.extraction.hex.toLowerCase(),
        ': ΔE00 ' + result.extraction.deltaE + ' — ' + result.extraction.deltaEWords +
          (result.extraction.sourceLabel ? say('measuredOn', { source: result.extraction.sourceLabel }) : '') + '.',
      ]));
    }
    if (result.extraction && result.extraction.hex.toLowerCase() !== String(result.swatchHex).toLowerCase()) {
      var measured = result.extraction.hex.toLowerCase();
      var use = h('button', { type: 'button', class: 'use-measured' }, say('useMeasured', { hex: measured }));
      use.addEventListener('click', function () {
        setColour(measured, 'measured');
        use.replaceWith(h('span', { class: 'muted', role: 'status' }, say('nowDeclares', { hex: measured })));
      });
      body.appendChild(h('p', {}, [use]));
    }
    result.photos.forEach(function (photo) { body.appendChild(renderPhotoVerdict(photo)); });
    var actions = h('p', { class: 'verdict-actions' }, [h('a', { class: 'button primary', href: result.url }, say('fullVerdict'))]);
    actions.appendChild(document.createTextNode(' '));
    actions.appendChild(h('a', { class: 'button', href: '/submissions/new' }, say('another')));
    if (result.verdict !== 'accepted') {
      actions.appendChild(document.createTextNode(' '));
      actions.appendChild(h('a', { class: 'button', href: '/submissions/new?replaces=' + encodeURIComponent(result.id) }, say('resubmit')));
    }
    body.appendChild(actions);
    el.panel.hidden = false;
    el.panel.focus();
  }

  function renderPhotoVerdict(photo) {
    var rows = photo.findings.map(function (f) {
      return h('tr', { class: 'finding finding-' + f.status, 'data-rule': f.rule }, [
        h('th', { scope: 'row' }, f.title),
        h('td', { 'data-label': say('col.result') }, [h('span', { class: 'mark mark-' + f.status, 'aria-hidden': 'true' }, f.mark), ' ', f.statusLabel]),
        h('td', { 'data-label': say('col.measured') }, [f.measured, h('p', { class: 'message' }, f.message)]),
        h('td', { 'data-label': say('col.limit') }, f.threshold),
        h('td', { 'data-label': say('col.todo') }, f.fix || '—'),
      ]);
    });
    var table = h('table', { class: 'findings' }, [
      h('caption', {}, [photo.photoHeading + ' ', h('span', { class: 'muted' }, photo.displayName), ' ', h('span', { class: 'status status-' + photo.verdict }, photo.verdictLabel)]),
      h('thead', {}, h('tr', {}, ['col.check', 'col.result', 'col.measured', 'col.limit', 'col.todo'].map(function (key) { return h('th', { scope: 'col' }, say(key)); }))),
      h('tbody', {}, rows),
    ]);
    return h('div', { class: 'photo-verdict', 'data-view': photo.view }, table);
  }

  // ---- small helpers ----------------------------------------------------------------------------------

  /** Builds an element; children are nodes or strings (always inserted as text, never as markup). */
  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    [].concat(children === undefined ? [] : children).forEach(function (c) {
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return node;
  }

  /** A colour square drawn as SVG: a fill attribute, not an inline style, so the page's CSP allows it. */
  function colourChip(hex) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '20');
    svg.setAttribute('height', '20');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', 'chip-svg');
    var rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('width', '20');
    rect.setAttribute('height', '20');
    rect.setAttribute('rx', '4');
    rect.setAttribute('fill', hex);
    svg.appendChild(rect);
    return svg;
  }

  function formatBytes(n) {
    return n >= 1024 * 1024 ? (n / (1024 * 1024)).toFixed(1) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB';
  }

  function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)); }
})();
