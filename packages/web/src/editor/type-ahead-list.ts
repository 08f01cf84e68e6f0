import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import './type-ahead.css';

let listCount = 0;

/**
 * The type-ahead popup: a `listbox` under the typed text, its options the
 * suggestions, the first one highlighted. The editor keeps focus; it points
 * at the highlighted option with `aria-activedescendant`, so a screen reader
 * follows the arrows. Arrow keys move, Enter or Tab accept, Escape (handled by
 * the suggestion plugin) dismisses; a click accepts too.
 */
export class TypeAheadList {
  private readonly list = document.createElement('ul');
  private readonly unmount: () => void;
  private items: readonly string[] = [];
  private highlighted = 0;

  constructor(
    private props: SuggestionProps<string, string>,
    items: readonly string[],
  ) {
    listCount += 1;
    this.list.id = `type-ahead-${listCount}`;
    this.list.className = 'type-ahead';
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', 'Suggestions');
    this.unmount = props.mount(this.list);
    this.show(items);
  }

  /**
   * New suggestions. The highlighted one stays highlighted while it is still
   * offered: an update also comes when a collaborator's edit moves the text,
   * and Enter must not then pick a name the writer did not choose.
   */
  update(props: SuggestionProps<string, string>, items: readonly string[]): void {
    this.props = props;
    const kept = items.indexOf(this.items[this.highlighted] ?? '');
    this.highlighted = Math.max(0, kept);
    this.show(items);
  }

  /** Handles a key while the popup is up; false leaves it to the editor. */
  keyDown({ event }: SuggestionKeyDownProps): boolean {
    if (this.items.length === 0) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.highlighted = (this.highlighted + step + this.items.length) % this.items.length;
      this.show(this.items);
      return true;
    }
    const chosen = this.items[this.highlighted];
    if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && chosen !== undefined) {
      this.props.command(chosen);
      return true;
    }
    return false;
  }

  destroy(): void {
    this.unmount();
    this.describeOnEditor(null);
  }

  private show(items: readonly string[]): void {
    this.items = items;
    this.list.hidden = items.length === 0;
    this.list.replaceChildren(...items.map((item, index) => this.option(item, index)));
    this.describeOnEditor(items.length === 0 ? null : this.optionId(this.highlighted));
  }

  private option(item: string, index: number): HTMLLIElement {
    const option = document.createElement('li');
    option.id = this.optionId(index);
    option.setAttribute('role', 'option');
    option.setAttribute('aria-selected', String(index === this.highlighted));
    option.textContent = item;
    // mousedown, not click: a click would first take the focus (and the selection) away from the editor.
    option.addEventListener('mousedown', (event) => {
      event.preventDefault();
      this.props.command(item);
    });
    return option;
  }

  private optionId(index: number): string {
    return `${this.list.id}-${index}`;
  }

  /** ProseMirror leaves attributes it did not set alone, so these survive its updates. */
  private describeOnEditor(activeOption: string | null): void {
    const editor = this.props.editor.view.dom;
    if (activeOption === null) {
      for (const name of ['aria-activedescendant', 'aria-controls', 'aria-autocomplete']) editor.removeAttribute(name);
      return;
    }
    editor.setAttribute('aria-autocomplete', 'list');
    editor.setAttribute('aria-controls', this.list.id);
    editor.setAttribute('aria-activedescendant', activeOption);
  }
}
