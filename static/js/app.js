// The page's only script besides htmx: local times, copy buttons, theme toggle.
// No inline handlers anywhere, so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  function localTimes(root) {
    root.querySelectorAll("time[data-local]").forEach(function (el) {
      if (el.dataset.localDone) return;
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date.getTime())) return;
      var local = document.createElement("span");
      local.className = "local-time";
      // dateStyle/timeStyle cannot be combined with timeZoneName, so name the fields.
      local.textContent = " · your time: " + date.toLocaleString(undefined, {
        year: "numeric", month: "short", day: "numeric",
        hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short"
      });
      el.after(local);
      el.dataset.localDone = "1";
    });
  }

  function copy(button) {
    // data-copy holds the text; data-copy-from names the element whose text it is (the result
    // shows the token and its JSON once, not a second time in an attribute).
    var from = button.getAttribute("data-copy-from");
    var source = from ? document.getElementById(from) : null;
    var text = source ? source.textContent : button.getAttribute("data-copy") || "";
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1200);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {});
    } else {
      var area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* nothing to do */ }
      area.remove();
    }
  }

  function applyTheme(theme) {
    var root = document.documentElement;
    if (theme) { root.setAttribute("data-theme", theme); } else { root.removeAttribute("data-theme"); }
    var dark = theme ? theme === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
    document.querySelectorAll("[data-theme-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", dark ? "true" : "false");
      b.textContent = dark ? "Light theme" : "Dark theme";
    });
  }

  var stored = null;
  try { stored = localStorage.getItem("theme"); } catch (e) { stored = null; }
  applyTheme(stored);

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var copyButton = target.closest("button[data-copy], button[data-copy-from]");
    if (copyButton) { copy(copyButton); return; }
    if (target.closest("[data-theme-toggle]")) {
      var dark = document.querySelector("[data-theme-toggle]").getAttribute("aria-pressed") === "true";
      var next = dark ? "light" : "dark";
      try { localStorage.setItem("theme", next); } catch (e) { /* private mode */ }
      applyTheme(next);
    }
  });

  document.addEventListener("DOMContentLoaded", function () { localTimes(document); applyTheme(stored); });
  document.addEventListener("htmx:afterSettle", function () { localTimes(document); });
})();
