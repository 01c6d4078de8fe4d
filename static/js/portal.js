// Behaviour every page shares. It lives here, not in the templates: the Content-Security-Policy
// runs no inline script and no on…= attribute.
(function () {
  "use strict";

  // A field marked data-no-autosave does not fire its criterion's htmx "change" trigger: a
  // ministry reviewer's reason is sent with the level it explains, not on its own. Stopped while
  // capturing, before the event reaches the field and bubbles up to the fieldset.
  document.addEventListener(
    "change",
    function (event) {
      if (event.target.closest && event.target.closest("[data-no-autosave]")) {
        event.stopPropagation();
      }
    },
    true
  );

  // A select marked data-submit-on-change (the language switch) sends its form when a value is
  // chosen; without JavaScript its form has a button instead.
  document.addEventListener("change", function (event) {
    const select = event.target.closest && event.target.closest("select[data-submit-on-change]");
    if (select && select.form) select.form.submit();
  });
})();
