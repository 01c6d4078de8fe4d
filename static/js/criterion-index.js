// The criterion index of the assessment page and the calculator (_criterion_index.html): pick a
// criterion in the list by its code, then Enter or "Đến" puts the focus on its answer (the answer
// picked, else the first one), so a keyboard user reaches any criterion in a few keys instead of
// tabbing through all the ones before it. The index and its skip link need this script: it shows
// them.
(function () {
  "use strict";

  const FIELDS = "input:not([type=hidden]):not(:disabled), textarea:not(:disabled), select:not(:disabled)";

  function go() {
    const select = document.getElementById("criterion-jump");
    const fieldset = select && document.getElementById("criterion-" + select.value);
    if (!fieldset) return;
    const target = fieldset.querySelector("input[type=radio]:checked:not(:disabled)")
      || fieldset.querySelector(FIELDS);
    if (target) {
      target.focus();
    } else {  // a column the viewer only reads: the criterion itself
      fieldset.setAttribute("tabindex", "-1");
      fieldset.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-criterion-index], a.skip-link[href='#criterion-jump']")
      .forEach((node) => node.removeAttribute("hidden"));
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-criterion-go]")) go();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.id === "criterion-jump") {
      event.preventDefault();
      go();
    }
  });
})();
