import { Fragment, useEffect, useRef } from 'react';
import { KEYBOARD_KEYS } from './keyboard-keys.js';

/** Where a typed `?` is text (a field, the page), so it must not open the list. */
function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select') !== null);
}

/** Backticked parts of a README cell are keys as typed: shown as key caps. */
function KeyText({ text }: { text: string }) {
  return text.split('`').map((part, index) => (index % 2 === 1 ? <kbd key={index}>{part}</kbd> : <Fragment key={index}>{part}</Fragment>));
}

/**
 * The list of keys (keyboard-keys.ts), in a modal <dialog>: `?` opens it
 * where `?` is not being typed, Ctrl/Cmd-/ anywhere, and the "Keys" button.
 * The browser closes it on Escape and puts the focus back where it was.
 */
export function KeyboardHelp() {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const asked = (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) || ((event.ctrlKey || event.metaKey) && event.key === '/');
      if (!asked || dialog.current?.open) return;
      event.preventDefault();
      dialog.current?.showModal();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <>
      <button type="button" className="quiet" aria-haspopup="dialog" title="Keyboard keys (? or Ctrl/Cmd-/)" onClick={() => dialog.current?.showModal()}>
        Keys
      </button>
      <dialog ref={dialog} className="keyboard-help" aria-labelledby="keyboard-help-title">
        <div className="dialog-head">
          <h2 id="keyboard-help-title">Keyboard keys</h2>
          <button type="button" className="quiet" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
        <table>
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Key</th>
              <th scope="col">What happens</th>
            </tr>
          </thead>
          <tbody>
            {KEYBOARD_KEYS.map(({ where, key, what }) => (
              <tr key={`${where} ${key}`}>
                <td>
                  <KeyText text={where} />
                </td>
                <th scope="row">
                  <KeyText text={key} />
                </th>
                <td>
                  <KeyText text={what} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </dialog>
    </>
  );
}
