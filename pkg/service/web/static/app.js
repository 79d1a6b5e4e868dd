// Kartograf's page script: the only script the page runs (the
// Content-Security-Policy allows no inline script). Everything works
// without it except live progress, which then needs a manual reload.
"use strict";
(function () {
  // A job page polls its status and reloads when the state changes, so the
  // server-rendered page (report, result, failed schools) is the only view.
  var job = document.getElementById("job");
  if (job && (job.dataset.state === "queued" || job.dataset.state === "running")) {
    var url = job.dataset.statusUrl;
    var bar = document.getElementById("progress");
    var text = document.getElementById("progress-text");
    var poll = function () {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (s) {
          if (s.state !== job.dataset.state) { window.location.reload(); return; }
          if (bar && s.total > 0) { bar.max = s.total; bar.value = s.done; }
          if (text) { text.textContent = s.text; }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 1000);
  }
  // A form that sends files says it is working and cannot be sent twice.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-busy]"), function (f) {
    f.addEventListener("submit", function () {
      var b = f.querySelector("button[type=submit]");
      if (b) { b.disabled = true; b.textContent = f.dataset.busy; }
      f.setAttribute("aria-busy", "true");
    });
  });
})();
