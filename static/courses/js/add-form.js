// "Add another module": copies the formset's blank form from its <template>,
// numbered as the next form, and counts it in TOTAL_FORMS. Without JavaScript
// the button stays hidden and the blank forms the page has do the same job.
document.querySelectorAll("[data-add-form]").forEach((button) => {
  const template = document.getElementById(button.dataset.addForm);
  const total = document.getElementById(`id_${button.dataset.prefix}-TOTAL_FORMS`);
  if (!template || !total) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = Number(total.value);
    const copy = template.content.cloneNode(true);
    copy.querySelectorAll("[name], [id], [for]").forEach((node) => {
      for (const attribute of ["name", "id", "for"]) {
        const value = node.getAttribute(attribute);
        if (value) node.setAttribute(attribute, value.replaceAll("__prefix__", index));
      }
    });
    total.value = index + 1;
    const fieldset = copy.querySelector("fieldset");
    template.before(copy);
    fieldset.querySelector("input, textarea")?.focus();
  });
});
