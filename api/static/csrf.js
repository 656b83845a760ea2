// Adds the session's CSRF token (from <meta name="csrf-token">) to every POST form, so that
// templates need no per-form edit; a form written with {{ csrf_field() }} is left alone.
(function () {
  function token() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  function arm(form) {
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (form.querySelector('input[name="csrf_token"]')) return;
    var t = token();
    if (!t) return;
    var i = document.createElement("input");
    i.type = "hidden";
    i.name = "csrf_token";
    i.value = t;
    form.insertBefore(i, form.firstChild);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(arm);
  });
  // forms added later still get it, just before they are sent
  document.addEventListener("submit", function (e) { arm(e.target); }, true);
})();
