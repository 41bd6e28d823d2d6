// Bulk upload page: sends the form with XHR to show upload progress, then polls the report for the
// per-row status list. Without JavaScript the form posts normally and the report page takes over.
(function () {
  'use strict';
  const form = document.getElementById('bulk-form');
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  const section = document.getElementById('bulk-progress');
  const uploadBar = document.getElementById('bulk-upload-bar');
  const rowsBar = document.getElementById('bulk-rows-bar');
  const status = document.getElementById('bulk-status');
  const list = document.getElementById('bulk-rows');
  const reportLink = document.getElementById('bulk-report-link');
  // The page's words in its language (`data-text`, from the server's catalog); `{name}` placeholders.
  const TEXT = (function () {
    try { return JSON.parse(form.getAttribute('data-text') || '{}'); } catch { return {}; }
  })();
  const say = function (key, values) {
    return (TEXT[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && values[name] !== undefined ? String(values[name]) : whole;
    });
  };
  const percent = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'percent' });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    section.hidden = false;
    status.textContent = say('uploading');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) return;
      uploadBar.value = Math.round((e.loaded / e.total) * 100);
      status.textContent = say('uploadingPercent', { percent: percent.format(uploadBar.value / 100) });
    });
    xhr.addEventListener('load', function () {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON: no body */ }
      if (xhr.status === 202 && body && body.url) {
        uploadBar.value = 100;
        status.textContent = say('uploaded');
        reportLink.hidden = false;
        reportLink.querySelector('a').href = body.url;
        poll(body.url);
      } else {
        button.disabled = false;
        status.textContent = (body && body.error && body.error.message) || say('failed', { status: xhr.status });
      }
    });
    xhr.addEventListener('error', function () {
      button.disabled = false;
      status.textContent = say('broke');
    });
    xhr.send(new FormData(form));
  });

  function poll(url) {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.addEventListener('load', function () {
      let report = null;
      try { report = JSON.parse(xhr.responseText); } catch { /* not JSON: no report */ }
      if (!report || !report.items) return;
      render(report);
      if (report.status === 'processing') setTimeout(function () { poll(url); }, 1000);
      else status.textContent = say('done', { processed: report.processedRows, total: report.totalRows });
    });
    xhr.send();
  }

  function render(report) {
    rowsBar.max = Math.max(1, report.totalRows);
    rowsBar.value = report.processedRows;
    if (report.status === 'processing') status.textContent = say('checking', { processed: report.processedRows, total: report.totalRows });
    list.textContent = '';
    report.items.forEach(function (item) {
      const li = document.createElement('li');
      li.className = 'outcome-' + item.outcome;
      const what = item.csvLine ? say('line', { line: item.csvLine, code: item.shadeCode || '' }) : (item.photoNames[0] || say('photo'));
      li.textContent = what + ': ' + (TEXT['outcome.' + item.outcome] || item.outcome);
      // Each reason is a sentence of its own: listed, never joined into one line ("must be.; …").
      if (item.reasons.length) {
        const reasons = document.createElement('ul');
        item.reasons.forEach(function (reason) {
          const r = document.createElement('li');
          r.textContent = reason;
          reasons.appendChild(r);
        });
        li.appendChild(reasons);
      }
      list.appendChild(li);
    });
  }
})();
