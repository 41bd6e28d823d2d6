// The lip outline editor (study model page). Without JavaScript the textarea of "x,y" points does the
// same job; this fills it from clicks on the photo and draws the outline.
(function () {
  'use strict';
  var editor = document.querySelector('.lip-editor');
  var textarea = document.getElementById('lip-points');
  if (!editor || !textarea) return;
  var svg = editor.querySelector('svg');
  var outline = editor.querySelector('.lip-outline');
  var clear = document.querySelector('.lip-clear');
  var width = Number(editor.dataset.width), height = Number(editor.dataset.height);

  function draw() { outline.setAttribute('points', textarea.value.trim()); }

  svg.addEventListener('click', function (event) {
    var box = svg.getBoundingClientRect();
    var x = Math.round((event.clientX - box.left) * width / box.width);
    var y = Math.round((event.clientY - box.top) * height / box.height);
    textarea.value = (textarea.value.trim() + ' ' + x + ',' + y).trim();
    draw();
  });
  textarea.addEventListener('input', draw);
  if (clear) {
    clear.hidden = false;
    clear.addEventListener('click', function () { textarea.value = ''; draw(); });
  }
})();
