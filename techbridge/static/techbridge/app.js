// TechBridge's few page behaviours, as event listeners (the Content-Security-Policy allows
// no inline handlers). Delegated from the document, so content swapped in by htmx has them.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("select[data-autosubmit]")) {
    field.form.submit();
  } else if (field.matches("select[data-navigate]")) {
    window.location = field.value;
  }
});

// A button that needs a reason (dismissing a match) asks for it before its form is sent.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-ask-reason]");
  if (!button) {
    return;
  }
  const reason = window.prompt(button.dataset.askReason);
  if (!reason) {
    event.preventDefault();
    event.stopImmediatePropagation();
    return;
  }
  button.form.elements.reason.value = reason;
}, true);
