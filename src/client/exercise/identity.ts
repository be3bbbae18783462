// Who is exporting: asked once, before the first export (never to practise), kept in this browser and
// editable, and written into the submission's header so an instructor's gradebook can key it by
// student (`backstep grade` reads `// student:` and `// student id:` when the LMS file name has no id).
import {element} from "../dom.ts";

export interface Identity {
  name: string;
  id: string;
}

const key = "backstep:identity";

export function readIdentity(): Identity | null {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? "null") as Identity | null;
    return value && typeof value.name === "string" && typeof value.id === "string" ? value : null;
  } catch {
    return null;
  }
}

export function writeIdentity(identity: Identity): void {
  localStorage.setItem(key, JSON.stringify({name: identity.name.trim(), id: identity.id.trim()}));
}

/**
 * A small modal form (a native <dialog>: focus stays in it, Esc cancels). Resolves with the identity,
 * or null when cancelled; "Export without a name" resolves with an empty identity.
 */
export function askIdentity(current: Identity | null): Promise<Identity | null> {
  return new Promise((resolve) => {
    const dialog = element("dialog", "bs-identity") as HTMLDialogElement;
    dialog.setAttribute("aria-labelledby", "bs-identity-title");
    const form = element("form") as HTMLFormElement;
    form.method = "dialog";
    const title = element("h2");
    title.id = "bs-identity-title";
    title.textContent = "Who is handing this in?";
    const note = element("p", "bs-identity-note");
    note.textContent = "Your name and student id go into the exported file's first lines, so your instructor's gradebook finds you. They stay in this browser; change them any time.";
    const field = (label: string, name: string, value: string, autocomplete: string) => {
      const wrap = element("label", "bs-identity-field");
      const text = element("span");
      text.textContent = label;
      const input = element("input") as HTMLInputElement;
      input.name = name;
      input.value = value;
      input.setAttribute("autocomplete", autocomplete);
      input.maxLength = 200;
      wrap.append(text, input);
      return {wrap, input};
    };
    const name = field("Name", "name", current?.name ?? "", "name");
    const id = field("Student id", "student-id", current?.id ?? "", "off");
    const buttons = element("div", "bs-identity-buttons");
    const save = element("button", "bs-identity-save") as HTMLButtonElement;
    save.type = "submit";
    save.value = "save";
    save.textContent = "Save and export";
    const anonymous = element("button", "bs-identity-skip") as HTMLButtonElement;
    anonymous.type = "submit";
    anonymous.value = "skip";
    anonymous.textContent = "Export without a name";
    const cancel = element("button", "bs-identity-cancel") as HTMLButtonElement;
    cancel.type = "submit";
    cancel.value = "cancel";
    cancel.textContent = "Cancel";
    buttons.append(save, anonymous, cancel);
    form.append(title, note, name.wrap, id.wrap, buttons);
    dialog.append(form);
    document.body.append(dialog);
    dialog.addEventListener("close", () => {
      const choice = dialog.returnValue;
      dialog.remove();
      if (choice === "save") {
        const identity = {name: name.input.value.trim(), id: id.input.value.trim()};
        writeIdentity(identity);
        resolve(identity);
      } else if (choice === "skip") {
        writeIdentity({name: "", id: ""});
        resolve({name: "", id: ""});
      } else resolve(null);
    });
    dialog.showModal();
    name.input.focus();
  });
}
