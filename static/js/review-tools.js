// A reviewer's tools on the assessment page (issue 14, point 7), for keyboard users: after the
// previous column's level is taken with its button (which the new criterion no longer shows),
// the focus goes to the answer now chosen; "Tiêu chí chưa chấm tiếp theo" puts the focus on the
// first answer of that criterion, on this page or on the page it opens.
(function () {
  "use strict";

  function focusCriterion(code, preferChecked) {
    const fieldset = document.getElementById("criterion-" + code);
    if (!fieldset) return false;
    const target =
      (preferChecked && fieldset.querySelector("input:checked")) ||
      fieldset.querySelector("input:not([type=hidden]), textarea, select, button");
    if (!target) return false;
    target.focus();
    return true;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    const source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.classList && source.classList.contains("copy-level")) {
      focusCriterion(source.id.replace(/^copy-/, ""), true);
    }
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a.next-unanswered");
    if (!link || link.pathname !== window.location.pathname || link.search !== window.location.search) return;
    const code = link.dataset.code;
    // After the browser has scrolled to the criterion (the link's own hash).
    window.setTimeout(function () { focusCriterion(code, false); }, 0);
  });

  function focusFromHash() {
    const match = /^#criterion-(.+)$/.exec(window.location.hash);
    if (match) focusCriterion(decodeURIComponent(match[1]), false);
  }

  // Once loaded: the browser's own scroll to the fragment, which resets the focus, is done.
  function afterLoad() { window.setTimeout(focusFromHash, 0); }
  if (document.readyState === "complete") {
    afterLoad();
  } else {
    window.addEventListener("load", afterLoad);
  }
})();
