// Irreversible actions ask first: a button with data-confirm submits only when confirmed.
document.addEventListener("click", function (ev) {
  var b = ev.target.closest("[data-confirm]");
  if (b && !window.confirm(b.getAttribute("data-confirm"))) { ev.preventDefault(); }
});
