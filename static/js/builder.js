// The token builder's only script: show the key inputs that fit the chosen algorithm.
// Progressive enhancement: without it every panel stays visible and the server decides.
// No inline handlers, so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  var CURVES = { ES256: "P-256", ES384: "P-384", ES512: "P-521", EdDSA: "Ed25519" };

  function form() { return document.getElementById("build-form"); }

  function chosenSource(f) {
    var checked = f.querySelector("input[name=key_source]:checked");
    return checked ? checked.value : "";
  }

  function setSource(f, value) {
    var radio = f.querySelector("input[name=key_source][value=" + value + "]");
    if (radio) radio.checked = true;
  }

  function show(el, visible) {
    if (el) el.hidden = !visible;
  }

  // HS* signs with a secret only; every other algorithm with a private key.
  function fitSourceToAlg(f) {
    var alg = f.elements.alg.value;
    var hmac = alg.indexOf("HS") === 0;
    var source = chosenSource(f);
    if (hmac && source !== "secret") setSource(f, "secret");
    if (!hmac && source === "secret") setSource(f, "generate");
    if (CURVES[alg]) f.elements.curve.value = CURVES[alg];
  }

  function update(f) {
    var alg = f.elements.alg.value;
    var hmac = alg.indexOf("HS") === 0;
    var unsecured = f.elements.unsecured.checked;
    var source = chosenSource(f);
    f.querySelectorAll("[data-key-panel]").forEach(function (panel) {
      show(panel, !unsecured && panel.getAttribute("data-key-panel") === source);
    });
    f.querySelectorAll("input[name=key_source]").forEach(function (radio) {
      var fits = hmac ? radio.value === "secret" : radio.value !== "secret";
      show(radio.closest("label"), fits);
    });
    show(document.getElementById("key-choice"), !unsecured);
    var rsa = alg.indexOf("RS") === 0 || alg.indexOf("PS") === 0;
    f.querySelectorAll("#rsa_size, label[for=rsa_size]").forEach(function (el) { show(el, rsa); });
    f.querySelectorAll("#curve, label[for=curve]").forEach(function (el) { show(el, !rsa); });
    f.elements.alg.disabled = unsecured;
  }

  function init() {
    var f = form();
    if (!f) return;
    if (CURVES[f.elements.alg.value] && !f.elements.curve.value) f.elements.curve.value = CURVES[f.elements.alg.value];
    f.addEventListener("change", function (event) {
      if (event.target === f.elements.alg) fitSourceToAlg(f);
      update(f);
    });
    update(f);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
