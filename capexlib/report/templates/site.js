/* The site's one script: a filter over the claim cards and a copy-link button on each card. Without it,
   every card shows and each card's "Link" is its permanent address: nothing is lost. */
(function () {
  "use strict";
  function filter(form) {
    var selects = form.querySelectorAll("select[data-filter]");
    var cards = document.querySelectorAll("article.card");
    var count = form.querySelector(".filter-count");
    function apply() {
      var wanted = {};
      selects.forEach(function (s) { wanted[s.getAttribute("data-filter")] = s.value; });
      var shown = 0;
      cards.forEach(function (card) {
        var keep = Object.keys(wanted).every(function (k) { return !wanted[k] || card.getAttribute("data-" + k) === wanted[k]; });
        card.hidden = !keep;
        if (keep) { shown += 1; }
      });
      document.querySelectorAll(".card-group").forEach(function (group) {
        group.hidden = !group.querySelector("article.card:not([hidden])");
      });
      if (count) {
        count.textContent = count.getAttribute("data-template").replace("{shown}", shown).replace("{total}", cards.length);
      }
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }
  function copier(button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = new URL(button.getAttribute("data-copy"), window.location.href).href;
      var done = function () {
        var label = button.textContent;
        button.textContent = button.getAttribute("data-done");
        window.setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, function () { window.prompt("", url); });
      } else {
        window.prompt("", url);
      }
    });
  }
  document.querySelectorAll("form.capex-filter").forEach(filter);
  document.querySelectorAll("button.copy-link").forEach(copier);
})();
