// Behaviour every page shares. It lives here, not in the templates: the Content-Security-Policy
// runs no inline script and no on…= attribute.
(function () {
  "use strict";

  // A field marked data-no-autosave does not fire its criterion's htmx "change" trigger: a
  // ministry reviewer's reason is sent with the level it explains, not on its own (sent alone,
  // its save would swap the criterion while the level is being picked). Stopped while
  // capturing, before the event reaches the field and bubbles up to the fieldset. Except, for a
  // field also marked data-saves-after-refusal, when its criterion shows a refusal ("a reason
  // is required"): then leaving the box saves the level and the reason together; and for a
  // field marked data-saves-with="<id>", while that checkbox is ticked (the reason of a
  // criterion marked "không đánh giá" is saved as it is edited).
  document.addEventListener(
    "change",
    function (event) {
      const field = event.target.closest && event.target.closest("[data-no-autosave]");
      if (!field) return;
      const criterion = field.closest("fieldset.criterion");
      const refused = criterion && criterion.classList.contains("has-error");
      if (field.hasAttribute("data-saves-after-refusal") && refused) return;
      const owner = field.dataset.savesWith && document.getElementById(field.dataset.savesWith);
      if (owner && owner.checked) return;
      event.stopPropagation();
    },
    true
  );

  // Enter on a radio picks it (its criterion saves itself) instead of sending the whole form: a
  // browser submits a form when Enter is pressed in one of its inputs, here all 60 criteria
  // ("Lưu tất cả") or the calculator's page load.
  document.addEventListener("keydown", function (event) {
    const input = event.target;
    if (event.key !== "Enter" || !(input instanceof HTMLInputElement) || input.type !== "radio") return;
    event.preventDefault();
    if (!input.checked && !input.disabled) input.click();
  });

  // A skip link moves the keyboard focus to its target (not only the view), so the next Tab goes
  // on from there.
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a.skip-link");
    if (!link) return;
    const target = document.getElementById(link.hash.slice(1));
    if (!target) return;
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  });

  // A select marked data-submit-on-change (the language switch) sends its form when a value is
  // chosen; without JavaScript its form has a button instead.
  document.addEventListener("change", function (event) {
    const select = event.target.closest && event.target.closest("select[data-submit-on-change]");
    if (select && select.form) select.form.submit();
  });
})();
