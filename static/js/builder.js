// The token builder's only script: show the key inputs that fit the chosen algorithms.
// Progressive enhancement: without it every panel stays visible and the server decides.
// No inline handlers, so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  var CURVES = { ES256: "P-256", ES384: "P-384", ES512: "P-521", EdDSA: "Ed25519" };
  // The encrypt step: which key sources fit each kind of key management algorithm.
  var JWE_SOURCES = {
    rsa: ["public", "generate"],
    ecdh: ["public", "generate"],
    symmetric: ["secret", "generate"],
    password: ["password", "generate"]
  };

  function jweFamily(alg) {
    if (alg.indexOf("RSA") === 0) return "rsa";
    if (alg.indexOf("ECDH") === 0) return "ecdh";
    if (alg.indexOf("PBES2") === 0) return "password";
    return "symmetric";
  }

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
    updateEncrypt(f);
  }

  function updateEncrypt(f) {
    var toggle = f.elements.encrypt;
    if (!toggle) return;
    show(document.getElementById("encrypt-options"), toggle.checked);
    var family = jweFamily(f.elements.jwe_alg.value);
    var fits = JWE_SOURCES[family];
    var checked = f.querySelector("input[name=jwe_key_source]:checked");
    if (!checked || fits.indexOf(checked.value) < 0) {
      var fallback = f.querySelector("input[name=jwe_key_source][value=generate]");
      if (fallback) fallback.checked = true;
    }
    var source = f.querySelector("input[name=jwe_key_source]:checked").value;
    f.querySelectorAll("input[name=jwe_key_source]").forEach(function (radio) {
      show(radio.closest("label"), fits.indexOf(radio.value) >= 0);
    });
    f.querySelectorAll("[data-jwe-panel]").forEach(function (panel) {
      show(panel, panel.getAttribute("data-jwe-panel") === source);
    });
    f.querySelectorAll("[data-jwe-generate]").forEach(function (el) {
      show(el, el.getAttribute("data-jwe-generate") === family);
    });
    show(f.querySelector("[data-jwe-p2c]"), family === "password");
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
