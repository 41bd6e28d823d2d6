// Bulk report page: reloads itself every 2 s while the rows are still being checked.
(function () {
  'use strict';
  const state = document.getElementById('bulk-report-state');
  if (!state || state.getAttribute('data-status') !== 'processing') return;
  setTimeout(function () { window.location.reload(); }, 2000);
})();
