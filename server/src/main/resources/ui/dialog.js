import {el} from '/ui/v1/dom.js';

/** A confirmation in a modal dialog; resolves true on "Delete"/"OK", false otherwise. */
export function confirmDialog(message, okLabel = 'Delete') {
  return new Promise(resolve => {
    const dialog = el('dialog', {class: 'confirm'},
      el('p', {}, message),
      el('div', {class: 'buttons'},
        el('button', {type: 'button', class: 'cancel', onclick: () => close(false)}, 'Cancel'),
        el('button', {type: 'button', class: 'ok danger', onclick: () => close(true)}, okLabel)));
    function close(result) {
      dialog.close();
      dialog.remove();
      resolve(result);
    }
    document.body.append(dialog);
    dialog.showModal();
  });
}
