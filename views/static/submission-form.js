// Progressive enhancement for the submission form: keeps the colour picker and the hex field in sync.
// The form works without JavaScript; this only saves typing.
(function () {
  var picker = document.getElementById('swatchPicker');
  var hex = document.getElementById('swatchHex');
  if (!picker || !hex) return;
  var valid = /^#?[0-9a-fA-F]{6}$/;
  picker.addEventListener('input', function () { hex.value = picker.value; });
  hex.addEventListener('input', function () {
    var v = hex.value.trim();
    if (valid.test(v)) picker.value = (v[0] === '#' ? v : '#' + v).toLowerCase();
  });
})();
