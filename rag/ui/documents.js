// The Documents list (its gr.HTML's js_on_load; `element` and `trigger` come from Gradio).
// Preview shows a document's first lines; Delete asks in the row itself, and only "Delete" in
// that question tells the server which document (by identity path) to remove.
element.addEventListener('click', (event) => {
  const button = event.target.closest('button');
  const row = button && button.closest('li.doc');
  if (!row) return;
  const part = (selector) => row.querySelector(selector);
  const asking = (on) => {
    part('.doc-confirm').hidden = !on;
    part('.doc-delete').disabled = on;
    (on ? part('.doc-no') : part('.doc-delete')).focus();
  };
  if (button.matches('.doc-peek')) {
    const show = part('.doc-opening').hidden;
    part('.doc-opening').hidden = !show;
    button.setAttribute('aria-expanded', String(show));
    button.textContent = show ? 'Hide preview' : 'Preview';
  } else if (button.matches('.doc-delete')) {
    asking(true);
  } else if (button.matches('.doc-no')) {
    asking(false);
  } else if (button.matches('.doc-yes')) {
    button.disabled = true;
    button.textContent = 'Deleting…';
    trigger('delete', {doc: row.dataset.path, title: part('.doc-title').textContent});
  }
});
element.addEventListener('keydown', (event) => {
  const row = event.key === 'Escape' && event.target.closest && event.target.closest('li.doc');
  if (row && !row.querySelector('.doc-confirm').hidden) row.querySelector('.doc-no').click();
});
