// A form marked data-keep is kept in this tab (sessionStorage) while it is filled in, and given back when its page is
// shown again: after a login the lost session asked for, after the language switch, after a reload (a11y30: an
// officer's record typed on a phone was lost). A form the server has just shown again as posted (data-posted) is not
// overwritten. What a page no longer shows (the record saved) is forgotten.
(function () {
  var prefix = "keep:" + location.pathname + ":";
  function key(form) { return prefix + form.getAttribute("data-keep"); }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.type !== "hidden" && el.type !== "password" && !el.disabled;
    });
  }
  function save(form) {
    var data = {};
    fields(form).forEach(function (el) {
      if ((el.type === "checkbox" || el.type === "radio")) {
        data[el.name] = data[el.name] || [];
        if (el.checked) data[el.name].push(el.value);
      } else {
        data[el.name] = [el.value];
      }
    });
    try { sessionStorage.setItem(key(form), JSON.stringify(data)); } catch (e) { /* storage full or off: nothing kept */ }
  }
  function restore(form) {
    var raw = null;
    try { raw = sessionStorage.getItem(key(form)); } catch (e) { return; }
    if (!raw) return;
    var data = JSON.parse(raw);
    fields(form).forEach(function (el) {
      if (!(el.name in data)) return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = data[el.name].indexOf(el.value) >= 0;
      else el.value = data[el.name][0];
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var shown = {};
    document.querySelectorAll("form[data-keep]").forEach(function (form) {
      shown[key(form)] = true;
      if (!form.hasAttribute("data-posted")) restore(form);
      form.addEventListener("input", function () { save(form); });
      form.addEventListener("change", function () { save(form); });
    });
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var k = sessionStorage.key(i);
        if (k && k.indexOf(prefix) === 0 && !shown[k]) sessionStorage.removeItem(k);
      }
    } catch (e) { /* storage off */ }
  });
})();
