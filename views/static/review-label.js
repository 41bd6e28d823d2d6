// Drawing the product region on a photo (review detail page). Without JavaScript the numeric
// x/y/width/height inputs do the same job; this only fills them in from a drag, and picks a colour.
(function () {
  'use strict';

  function naturalPoint(frame, event) {
    var box = frame.getBoundingClientRect();
    var w = Number(frame.dataset.width), h = Number(frame.dataset.height);
    var x = Math.min(Math.max(event.clientX - box.left, 0), box.width);
    var y = Math.min(Math.max(event.clientY - box.top, 0), box.height);
    return { x: Math.round(x * w / box.width), y: Math.round(y * h / box.height) };
  }

  function setRect(svgRect, r) {
    svgRect.setAttribute('x', r.x); svgRect.setAttribute('y', r.y);
    svgRect.setAttribute('width', r.width); svgRect.setAttribute('height', r.height);
  }

  function readInputs(form) {
    return ['x', 'y', 'width', 'height'].reduce(function (acc, k) { acc[k] = Number(form.elements[k].value) || 0; return acc; }, {});
  }

  function hex(n) { return ('0' + n.toString(16)).slice(-2); }

  function wire(form) {
    var photoId = form.dataset.photo;
    var frame = document.querySelector('.label-frame[data-photo="' + photoId + '"]');
    if (!frame) return;
    var drawn = frame.querySelector('.drawn');
    var img = frame.querySelector('.photo-img');
    var pickButton = form.querySelector('.pick-colour');
    var picking = false;
    var start = null;

    function show() { if (drawn) setRect(drawn, readInputs(form)); }
    ['x', 'y', 'width', 'height'].forEach(function (k) { form.elements[k].addEventListener('input', show); });
    show();

    frame.addEventListener('pointerdown', function (e) {
      if (picking) return pickAt(e);
      start = naturalPoint(frame, e);
      frame.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    frame.addEventListener('pointermove', function (e) {
      if (!start) return;
      var p = naturalPoint(frame, e);
      var r = { x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), width: Math.abs(p.x - start.x), height: Math.abs(p.y - start.y) };
      form.elements.x.value = r.x; form.elements.y.value = r.y;
      form.elements.width.value = r.width; form.elements.height.value = r.height;
      show();
    });
    frame.addEventListener('pointerup', function () { start = null; });

    if (pickButton && img) {
      pickButton.hidden = false;
      pickButton.addEventListener('click', function () {
        picking = !picking;
        form.classList.toggle('picking', picking);
        pickButton.setAttribute('aria-pressed', String(picking));
      });
    }

    function pickAt(e) {
      var p = naturalPoint(frame, e);
      var canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
      var ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      // The displayed image may be a smaller copy: map natural-photo pixels to its pixels.
      var sx = Math.round(p.x * img.naturalWidth / Number(frame.dataset.width));
      var sy = Math.round(p.y * img.naturalHeight / Number(frame.dataset.height));
      var d = ctx.getImageData(Math.max(0, sx - 1), Math.max(0, sy - 1), 3, 3).data;
      var sum = [0, 0, 0], n = d.length / 4;
      for (var i = 0; i < d.length; i += 4) { sum[0] += d[i]; sum[1] += d[i + 1]; sum[2] += d[i + 2]; }
      form.elements.pickedHex.value = '#' + hex(Math.round(sum[0] / n)) + hex(Math.round(sum[1] / n)) + hex(Math.round(sum[2] / n));
      picking = false;
      form.classList.remove('picking');
      pickButton.setAttribute('aria-pressed', 'false');
    }
  }

  document.querySelectorAll('form.label-form').forEach(wire);
})();
