// Every POST form of the templates carries the session's CSRF token already ({{ csrf_field() }}, rendered on the
// server, so the forms work without JavaScript). This adds it (from <meta name="csrf-token">) only to a POST form
// that lacks it; a form with the field is left alone.
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
