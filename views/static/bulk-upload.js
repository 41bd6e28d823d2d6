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
  const LABELS = {
    pending: 'Waiting', accepted: 'Accepted', rejected: 'Refused', invalid: 'Not submitted', no_photo: 'Row without photo',
    duplicate: 'Already submitted', unmatched_photo: 'Unmatched photo', failed: 'Failed',
  };

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    section.hidden = false;
    status.textContent = 'Uploading…';
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) return;
      uploadBar.value = Math.round((e.loaded / e.total) * 100);
      status.textContent = 'Uploading: ' + uploadBar.value + ' %';
    });
    xhr.addEventListener('load', function () {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON: no body */ }
      if (xhr.status === 202 && body && body.url) {
        uploadBar.value = 100;
        status.textContent = 'Uploaded. Checking shades…';
        reportLink.hidden = false;
        reportLink.querySelector('a').href = body.url;
        poll(body.url);
      } else {
        button.disabled = false;
        status.textContent = (body && body.error && body.error.message) || 'The upload failed (' + xhr.status + ').';
      }
    });
    xhr.addEventListener('error', function () {
      button.disabled = false;
      status.textContent = 'The connection broke during the upload. Try again.';
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
      else status.textContent = 'Done: ' + report.processedRows + ' of ' + report.totalRows + ' shades checked.';
    });
    xhr.send();
  }

  function render(report) {
    rowsBar.max = Math.max(1, report.totalRows);
    rowsBar.value = report.processedRows;
    if (report.status === 'processing') status.textContent = 'Checking shades: ' + report.processedRows + ' of ' + report.totalRows;
    list.textContent = '';
    report.items.forEach(function (item) {
      const li = document.createElement('li');
      li.className = 'outcome-' + item.outcome;
      const what = item.csvLine ? 'Line ' + item.csvLine + ' · ' + (item.shadeCode || '') : (item.photoNames[0] || 'photo');
      li.textContent = what + ': ' + (LABELS[item.outcome] || item.outcome);
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
